import { defineContract, searchIndexUpdate } from '@yg/job-contracts';
import { z } from 'zod';

/** A plain contract (no deduplication), the like-for-like peer of a raw `add`. */
export const benchJob = defineContract({
  queue: 'bench-noop',
  name: 'noop',
  schema: z.strictObject({ entityId: z.string(), n: z.number().int() }),
});

/** A deduplicated contract from the product, to show what deduplication costs. */
export { searchIndexUpdate };

export function payload(i: number) {
  return { entityId: `asset-${i}`, n: i };
}
