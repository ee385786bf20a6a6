import { readFileSync } from 'node:fs';
import { BULK_SEARCH_MAX_IDS, ContractValidationError } from '@yg/job-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getSearchIndexStats,
  queueBulkSearchIndexUpdate,
  queueFullReindex,
  queueSearchIndexUpdate,
} from '../src/index';
import { createWorld, type SearchWorld } from './support/world';

let world: SearchWorld;

// Producers only: no worker, so jobs stay where they were put.
beforeAll(async () => {
  world = await createWorld({ start: false });
});
afterAll(() => world.close());

describe('search producers', () => {
  it.each([
    [() => queueSearchIndexUpdate('song' as 'asset', 'a1', 'update', { client: world.client }), /entityType/],
    [
      () => queueSearchIndexUpdate('asset', 'a1', 'upsert' as 'update', { client: world.client }),
      /operation/,
    ],
    [() => queueSearchIndexUpdate('asset', '', 'update', { client: world.client }), /entityId/],
    [() => queueBulkSearchIndexUpdate('song' as 'asset', ['a1'], { client: world.client }), /entityType/],
    [() => queueBulkSearchIndexUpdate('song' as 'asset', [], { client: world.client }), /entityType/],
    [() => queueFullReindex('asset', 0, { client: world.client }), /batchSize/],
  ])('rejects a bad call at enqueue, naming the field (%#)', async (call, field) => {
    const error = await call().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ContractValidationError);
    expect((error as Error).message).toMatch(field);
  });

  it('splits 10,000 ids (and repeats) into bulk jobs of at most the bulk size, each id once', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `ast_${i}`);

    const result = await queueBulkSearchIndexUpdate('asset', [...ids, ...ids.slice(0, 100)], {
      client: world.client,
    });

    expect(result.ids).toBe(10_000);
    expect(result.jobs).toHaveLength(10_000 / BULK_SEARCH_MAX_IDS);
    const jobs = await world.client.queue('search-index-bulk').getWaiting(0, -1);
    expect(jobs.flatMap((j) => j.data.entityIds).sort()).toEqual([...ids].sort());
  });

  it('enqueues nothing for an empty list of ids of a valid type', async () => {
    const before = await world.client.queue('search-index-bulk').getWaitingCount();

    expect(await queueBulkSearchIndexUpdate('asset', [], { client: world.client })).toEqual({
      ids: 0,
      jobs: [],
    });
    expect(await world.client.queue('search-index-bulk').getWaitingCount()).toBe(before);
  });

  it('reports the three queues in the shape of getSearchIndexStats', async () => {
    await queueSearchIndexUpdate('asset', 'stats-1', 'create', { client: world.client });
    await queueFullReindex(undefined, undefined, { client: world.client });

    const stats = await getSearchIndexStats({ client: world.client });

    expect(stats).toEqual({
      realtime: { waiting: 1, active: 0, completed: 0, failed: 0 },
      bulk: { waiting: 10_000 / BULK_SEARCH_MAX_IDS, active: 0, completed: 0, failed: 0 },
      reindex: { waiting: 1, active: 0, completed: 0, failed: 0 },
    });
  });

  it('keeps the database client out of the producers a web app imports', () => {
    const built = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');

    expect(built).not.toMatch(/from\s+['"]@yg\/db['"]/);
    expect(built).toMatch(/import\(['"]@yg\/db['"]\)/);
  });
});
