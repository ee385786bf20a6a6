import { builtSchema, lazySchema, SearchEntityType } from '@yg/job-contracts';
import type { z } from 'zod';

/**
 * A full reindex's position, saved on the job after every batch (`job.progress`), so that the
 * job, retried after a crash, continues from its last finished batch instead of starting over.
 */
export const ReindexProgress = lazySchema((z) => {
  const entityType = builtSchema(SearchEntityType);
  return z.object({
    /** Types in the order they are walked. */
    types: z.array(entityType),
    /** Types walked to the end. */
    done: z.array(entityType),
    /** The type being walked and the last entity id of its last finished batch. */
    current: z.object({ entityType, after: z.string() }).nullable(),
    seen: z.number(),
    indexed: z.number(),
    removed: z.number(),
    /** Entities when the reindex started, for `percent`. */
    total: z.number(),
    percent: z.number(),
  });
});
export type ReindexProgress = z.infer<typeof ReindexProgress>;

/** The saved position when it belongs to a walk of the same types, else `undefined`. */
export function savedProgress(
  progress: unknown,
  types: readonly SearchEntityType[],
): ReindexProgress | undefined {
  const parsed = ReindexProgress.safeParse(progress);
  if (!parsed.success || parsed.data.types.join() !== types.join()) return undefined;
  return parsed.data;
}

export function percentOf(seen: number, total: number): number {
  return total === 0 ? 100 : Math.min(100, Math.floor((seen / total) * 1000) / 10);
}
