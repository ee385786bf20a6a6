import { Prisma } from '@yg/db';
import { type SearchEntityType, searchBulkUpdate } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { bulkPayloads } from './bulk-payloads';
import type { SearchDb } from './reconcile';

/**
 * Documents that carry text of another entity: an asset's document names its creator, a
 * license's names its asset. When that entity's document changes, theirs are rebuilt too.
 */
const dependents: Partial<
  Record<SearchEntityType, { type: SearchEntityType; ids: (id: string) => Prisma.Sql }>
> = {
  creator: { type: 'asset', ids: (id) => Prisma.sql`SELECT id FROM ip_assets WHERE creator_id = ${id}` },
  asset: { type: 'license', ids: (id) => Prisma.sql`SELECT id FROM licenses WHERE ip_asset_id = ${id}` },
};

/** Enqueues bulk jobs for the documents that embed `entityId`'s text; returns how many ids. */
export async function refreshDependents(
  db: SearchDb,
  queues: QueueClient,
  entityType: SearchEntityType,
  entityId: string,
): Promise<number> {
  const dependent = dependents[entityType];
  if (!dependent) return 0;
  const rows = await db.$queryRaw<{ id: string }[]>(dependent.ids(entityId));
  if (rows.length === 0) return 0;
  await queues.enqueueBulk(
    searchBulkUpdate,
    bulkPayloads(
      dependent.type,
      rows.map((r) => r.id),
    ),
  );
  return rows.length;
}
