import { readFileSync } from 'node:fs';
import { BULK_SEARCH_MAX_IDS, ContractValidationError } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { describe, expect } from 'vitest';
import {
  getSearchIndexStats,
  queueBulkSearchIndexUpdate,
  queueFullReindex,
  queueSearchIndexUpdate,
} from '../src/index';
import { searchTest as it } from './support/search-test';

// Producers only: no worker, so jobs stay where they were put. Each test has a prefix of its own,
// so no count below depends on what another test enqueued.
describe('search producers', () => {
  it.for([
    [(client) => queueSearchIndexUpdate('song' as 'asset', 'a1', 'update', { client }), /entityType/],
    [(client) => queueSearchIndexUpdate('asset', 'a1', 'upsert' as 'update', { client }), /operation/],
    [(client) => queueSearchIndexUpdate('asset', '', 'update', { client }), /entityId/],
    [(client) => queueBulkSearchIndexUpdate('song' as 'asset', ['a1'], { client }), /entityType/],
    [(client) => queueBulkSearchIndexUpdate('song' as 'asset', [], { client }), /entityType/],
    [(client) => queueFullReindex('asset', 0, { client }), /batchSize/],
  ] satisfies [(client: QueueClient) => Promise<unknown>, RegExp][])(
    'rejects a bad call at enqueue, naming the field (%#)',
    async ([call, field], { client }) => {
      const error = await call(client).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ContractValidationError);
      expect((error as Error).message).toMatch(field);
    },
  );

  it('splits 10,000 ids (and repeats) into bulk jobs of at most the bulk size, each id once', async ({
    client,
  }) => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `ast_${i}`);

    const result = await queueBulkSearchIndexUpdate('asset', [...ids, ...ids.slice(0, 100)], { client });

    expect(result.ids).toBe(10_000);
    expect(result.jobs).toHaveLength(10_000 / BULK_SEARCH_MAX_IDS);
    const jobs = await client.queue('search-index-bulk').getWaiting(0, -1);
    expect(jobs.flatMap((j) => j.data.entityIds).sort()).toEqual([...ids].sort());
  });

  it('enqueues nothing for an empty list of ids of a valid type', async ({ client }) => {
    expect(await queueBulkSearchIndexUpdate('asset', [], { client })).toEqual({ ids: 0, jobs: [] });
    expect(await client.queue('search-index-bulk').getWaitingCount()).toBe(0);
  });

  it('reports the three queues in the shape of getSearchIndexStats', async ({ client }) => {
    await queueSearchIndexUpdate('asset', 'stats-1', 'create', { client });
    const bulk = await queueBulkSearchIndexUpdate(
      'asset',
      Array.from({ length: BULK_SEARCH_MAX_IDS + 1 }, (_, i) => `stats-bulk-${i}`),
      { client },
    );
    await queueFullReindex(undefined, undefined, { client });

    const stats = await getSearchIndexStats({ client });

    expect(bulk.jobs).toHaveLength(2);
    expect(stats).toEqual({
      realtime: { waiting: 1, active: 0, completed: 0, failed: 0 },
      bulk: { waiting: 2, active: 0, completed: 0, failed: 0 },
      reindex: { waiting: 1, active: 0, completed: 0, failed: 0 },
    });
  });

  it('keeps the database client out of the producers a web app imports', () => {
    const built = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');

    expect(built).not.toMatch(/from\s+['"]@yg\/db['"]/);
    expect(built).toMatch(/import\(['"]@yg\/db['"]\)/);
  });
});
