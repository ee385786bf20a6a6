import type { PrismaClient } from '@yg/db';
import { seedDemoData } from '@yg/db/testing';
import { queueSearchIndexUpdate } from '@yg/jobs-search';
import { documentSources } from '@yg/jobs-search/worker';
import type { QueueClient } from '@yg/queue-core';

/** Seeds `assets` IP assets (with their creators, brands, projects) and returns their ids. */
export async function seedCatalog(db: PrismaClient, assets: number): Promise<string[]> {
  await seedDemoData(db, { assets, licenses: 0, posts: 0, notifications: 0, events: 0 });
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM ip_assets ORDER BY id`;
  return rows.map((r) => r.id);
}

/**
 * Edits the titles of `ids` as a web app would (one statement) and returns each asset's new
 * `updated_at`: the version its search document must reach.
 */
export async function editAssets(db: PrismaClient, ids: readonly string[], round: number) {
  const rows = await db.$queryRaw<{ id: string; version: Date }[]>`
    UPDATE ip_assets
       SET title = 'Chaos edit ' || ${round}::int || ' of ' || id,
           updated_at = clock_timestamp() AT TIME ZONE 'UTC'
     WHERE id = ANY(${[...ids]}::text[])
    RETURNING id, updated_at AS version`;
  return new Map(rows.map((r) => [r.id, r.version]));
}

/**
 * Queues an index update per asset and returns the ones a producer got an answer for (added or
 * deduplicated): those are the updates the platform has acknowledged and must not lose.
 */
export async function queueAssetUpdates(client: QueueClient, ids: readonly string[]): Promise<string[]> {
  const results = await Promise.allSettled(
    ids.map((id) => queueSearchIndexUpdate('asset', id, 'update', { client })),
  );
  return ids.filter((_, i) => results[i]!.status === 'fulfilled');
}

export interface IndexCheck {
  /** Assets checked. */
  checked: number;
  /** Of those, assets whose document is missing or differs from what the catalog says now. */
  stale: number;
}

/**
 * Compares the search documents of `ids` with what the catalog says now, by running the asset
 * document source itself: a visible asset needs a document with the same title, body, facets and
 * version; a hidden one, none.
 */
export async function checkIndex(db: PrismaClient, ids: readonly string[]): Promise<IndexCheck> {
  const [row] = await db.$queryRaw<IndexCheck[]>`
    WITH src AS (${documentSources.asset.select} WHERE e.id = ANY(${[...ids]}::text[]))
    SELECT count(*)::int AS checked,
           count(*) FILTER (WHERE
             CASE WHEN s.visible
                  THEN d.id IS NULL OR (d.title, d.body, d.facets, d.source_updated_at)
                                       IS DISTINCT FROM (s.title, s.body, s.facets, s.version)
                  ELSE d.id IS NOT NULL END)::int AS stale
      FROM src s
      LEFT JOIN search_documents d ON d.entity_type = 'asset' AND d.entity_id = s.entity_id`;
  return row ?? { checked: 0, stale: 0 };
}

/**
 * Of acknowledged updates (asset → the version written before the enqueue), how many did not
 * reach the index: a visible asset without a document at that version or newer, or a hidden one
 * (deleted, rejected, archived, infected) with a document.
 */
export async function missingUpdates(db: PrismaClient, acknowledged: ReadonlyMap<string, Date>) {
  if (acknowledged.size === 0) return 0;
  const ids = [...acknowledged.keys()];
  const versions = ids.map((id) => acknowledged.get(id)!);
  const [row] = await db.$queryRaw<{ missing: number }[]>`
    WITH src AS (${documentSources.asset.select} WHERE e.id = ANY(${ids}::text[]))
    SELECT count(*)::int AS missing
      FROM unnest(${ids}::text[], ${versions}::timestamp[]) AS a(id, version)
      JOIN src s ON s.entity_id = a.id
      LEFT JOIN search_documents d ON d.entity_type = 'asset' AND d.entity_id = a.id
     WHERE CASE WHEN s.visible THEN d.id IS NULL OR d.source_updated_at < a.version
                ELSE d.id IS NOT NULL END`;
  return row?.missing ?? 0;
}
