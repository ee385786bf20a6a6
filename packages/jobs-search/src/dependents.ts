import { Prisma } from '@yg/db';
import { type SearchEntityType, searchBulkUpdate } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { bulkPayloads } from './bulk-payloads';
import type { SearchDb } from './reconcile';

/** A document type that carries text of a parent entity, and how its rows point at the parent. */
interface Dependent {
  type: SearchEntityType;
  /** The dependent's table and its column holding the parent's id. */
  table: Prisma.Sql;
  parentKey: Prisma.Sql;
  /** The parent's table: its `updated_at` is part of every dependent document's version. */
  parentTable: Prisma.Sql;
}

/** An asset's document names its creator, a license's names its asset. */
const dependents: Partial<Record<SearchEntityType, Dependent>> = {
  creator: {
    type: 'asset',
    table: Prisma.raw('ip_assets'),
    parentKey: Prisma.raw('creator_id'),
    parentTable: Prisma.raw('creators'),
  },
  asset: {
    type: 'license',
    table: Prisma.raw('licenses'),
    parentKey: Prisma.raw('ip_asset_id'),
    parentTable: Prisma.raw('ip_assets'),
  },
};

/**
 * Enqueues bulk jobs for the documents that embed the text of `parentIds` and were built before
 * their parent's last change; returns how many ids.
 *
 * The test is the dependents' stored version (the newest `updated_at` of the rows a document was
 * built from) against the parent's `updated_at`, not whether this job changed the parent's own
 * document: that is a fact of the database, so it holds whatever the parent's document went
 * through — a worker killed after writing it, a bulk job, a parent that is hidden (its document
 * removed, or never written) — and a retry finds the same dependents until they are rebuilt.
 * A current dependent is not queued again, so calling this on every job costs one indexed query.
 */
export async function refreshDependents(
  db: SearchDb,
  queues: QueueClient,
  parentType: SearchEntityType,
  parentIds: readonly string[],
): Promise<number> {
  const dependent = dependents[parentType];
  if (!dependent || parentIds.length === 0) return 0;
  const { type, table, parentKey, parentTable } = dependent;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT e.id
      FROM ${table} e
      JOIN ${parentTable} p ON p.id = e.${parentKey}
      JOIN search_documents d ON d.entity_type = ${type}::search_entity_type AND d.entity_id = e.id
     WHERE e.${parentKey} = ANY(${[...parentIds]}::text[])
       AND d.source_updated_at < p.updated_at`;
  if (rows.length === 0) return 0;
  await queues.enqueueBulk(
    searchBulkUpdate,
    bulkPayloads(
      type,
      rows.map((r) => r.id),
    ),
  );
  return rows.length;
}
