import { seedDemoData } from '@yg/db/testing';
import { describe, expect } from 'vitest';
import { getSearchIndexStats, queueBulkSearchIndexUpdate } from '../src/index';
import { drained, withSearchWorker as it } from './support/search-test';

it.beforeAll(async ({ database }) => {
  await seedDemoData(database.db, { assets: 10_000, seed: 5, events: 1 });
  // Every seeded asset public, so that all 10,000 belong in the index.
  await database.db.$executeRaw`UPDATE ip_assets SET deleted_at = NULL, status = 'PUBLISHED'`;
});

describe('bulk search index updates', () => {
  it('indexes 10,000 assets, and removes the documents of ids that no longer exist', async ({
    client,
    database: { db },
  }) => {
    const ids = (await db.ipAsset.findMany({ select: { id: true } })).map((a) => a.id);
    const gone = Array.from({ length: 300 }, (_, n) => `ast_gone_${n}`);
    await db.$executeRaw`
      INSERT INTO search_documents (id, entity_type, entity_id, title, source_updated_at)
      SELECT 'asset:' || g, 'asset', g, 'Deleted long ago', now() FROM unnest(${gone}::text[]) AS g`;

    const { jobs } = await queueBulkSearchIndexUpdate('asset', [...ids, ...gone], { client });
    await drained(client, 120_000);

    expect(ids).toHaveLength(10_000);
    const stats = await getSearchIndexStats({ client });
    expect(stats.bulk).toMatchObject({ completed: jobs.length, failed: 0 });
    const [indexed] = await db.$queryRaw<{ assets: number; gone: number; titled: number }[]>`
      SELECT count(*) FILTER (WHERE entity_id = ANY(${ids}::text[]))::int AS assets,
             count(*) FILTER (WHERE entity_id = ANY(${gone}::text[]))::int AS gone,
             count(*) FILTER (WHERE d.title = a.title)::int AS titled
        FROM search_documents d LEFT JOIN ip_assets a ON a.id = d.entity_id
       WHERE d.entity_type = 'asset'`;
    expect(indexed).toEqual({ assets: 10_000, gone: 0, titled: 10_000 });
  });
});
