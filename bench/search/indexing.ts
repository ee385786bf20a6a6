// Search indexing: bulk jobs through the real worker (a child process) against the bulk job's own
// statements run over plain `pg`, and the reindex worker's peak memory at 100,000 and 400,000
// assets. The reindex's time is `reindex.ts`.
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { BULK_SEARCH_MAX_IDS, searchBulkUpdate } from '@yg/job-contracts';
import { queueBulkSearchIndexUpdate } from '@yg/jobs-search';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL, rawConnection } from '../redis';
import { emptyIndex, rawBulkIndex } from './raw-bulk';
import { rawReindexProcess } from './raw-reindex-process';
import { allAssetIds, reindexOnce, seededDatabase, until, withWorker } from './world';

const BULK_IDS = 20_000;

export async function searchIndexing(): Promise<Row[]> {
  const small = await seededDatabase(100_000);
  try {
    const { db } = small;
    const ids = await allAssetIds(db);
    const bulkIds = ids.slice(0, BULK_IDS);
    // What both sides write: the visible assets among the ids.
    const [{ visible }] = await db.$queryRaw<[{ visible: number }]>`
      SELECT count(*)::int AS visible FROM ip_assets
       WHERE id = ANY(${bulkIds}::text[]) AND deleted_at IS NULL AND status NOT IN ('REJECTED', 'ARCHIVED')
         AND scan_status <> 'INFECTED'`;
    const perSecond = (n: number, ms: number) => n / (ms / 1000);

    const bulk = await withWorker(small, async (client) => {
      const bulkQueue = client.queue('search-index-bulk');
      return compare(
        3,
        async () => {
          await emptyIndex(db);
          const ms = await timeIt(async () => {
            const before = (await bulkQueue.getJobCounts('completed')).completed ?? 0;
            const { jobs } = await queueBulkSearchIndexUpdate('asset', bulkIds, { client });
            await until(
              async () =>
                ((await bulkQueue.getJobCounts('completed')).completed ?? 0) >= before + jobs.length,
            );
          });
          return perSecond(visible, ms);
        },
        async () => {
          await emptyIndex(db);
          return perSecond(visible, await timeIt(() => rawBulkIndex(small.url, bulkIds)));
        },
      );
    });

    // Peak memory of a fresh worker that runs one full reindex, at 100,000 and at 400,000 assets,
    // and of a plain `pg` process running the same statements at 400,000.
    await emptyIndex(db);
    const peakSmall = await withWorker(small, async (client, worker) => {
      await reindexOnce(client);
      return worker.peakRssMiB();
    });
    await small.drop();
    const large = await seededDatabase(400_000);
    const peakLarge = await withWorker(large, async (client, worker) => {
      await reindexOnce(client);
      return worker.peakRssMiB();
    });
    await emptyIndex(large.db);
    const peakRaw = await rawReindexProcess(large.url).finally(() => large.drop());

    return [
      {
        name: `bulk jobs, ${BULK_IDS.toLocaleString('en-US')} assets (documents/s)`,
        ours: bulk.ours,
        raw: bulk.raw,
        unit: 'docs/s',
        goal: 0.9,
      },
      {
        name: 'reindex peak RSS, 400,000 assets: worker vs a plain pg process',
        ours: peakLarge,
        raw: peakRaw,
        unit: 'MiB',
        lowerIsBetter: true,
      },
      // Not a baseline: the same worker at a quarter of the catalog, to show memory stays flat.
      {
        name: 'reindex worker peak RSS: 400,000 assets (ours) vs 100,000 (raw col.)',
        ours: peakLarge,
        raw: peakSmall,
        unit: 'MiB',
        lowerIsBetter: true,
        goal: 0.9,
      },
    ];
  } finally {
    await small.drop().catch(() => {});
  }
}

/**
 * `queueBulkSearchIndexUpdate` of 10,000 ids against what a raw BullMQ producer writes for the
 * same promise (each id once, in jobs of `BULK_SEARCH_MAX_IDS`): drop duplicates with a `Set`,
 * chunk, one `addBulk` of the same names and options. Each side's queue is connected and ready
 * before its clock starts. One call takes 5-10 ms, where one collection or a busy moment of the
 * machine is as long: a round times `CALLS` calls, each of 10,000 ids of their own, and the sides
 * alternate over seven rounds.
 */
export async function searchBulkEnqueue(): Promise<Row[]> {
  const CALLS = 10;
  const batches = Array.from({ length: CALLS }, (_, call) =>
    Array.from({ length: 10_000 }, (_, n) => `ast_bench_${call}_${n}`),
  );
  const idsPerRound = CALLS * 10_000;
  const jobs = Math.ceil(10_000 / BULK_SEARCH_MAX_IDS);
  const admin = new Redis(REDIS_URL);
  const timed = async (side: 'ours' | 'raw', fn: (prefix: string) => Promise<number>) => {
    const prefix = benchPrefix(side);
    try {
      return idsPerRound / ((await fn(prefix)) / 1000);
    } finally {
      await dropPrefix(admin, prefix);
    }
  };
  const result = await compare(
    7,
    () =>
      timed('ours', async (prefix) => {
        const client = new QueueClient({
          config: queueConfig({ redisUrl: REDIS_URL, prefix }),
          logger: silentLogger,
        });
        await client.queue(searchBulkUpdate).waitUntilReady();
        const ms = await timeIt(async () => {
          for (const ids of batches) await queueBulkSearchIndexUpdate('asset', ids, { client });
        });
        await client.close();
        return ms;
      }),
    () =>
      timed('raw', async (prefix) => {
        const connection = rawConnection();
        const queue = new Queue(searchBulkUpdate.queue, { connection, prefix });
        await queue.waitUntilReady();
        const ms = await timeIt(async () => {
          for (const ids of batches) {
            const unique = [...new Set(ids)];
            const bulk = [];
            for (let i = 0; i < unique.length; i += BULK_SEARCH_MAX_IDS) {
              bulk.push({
                name: searchBulkUpdate.name,
                data: { entityType: 'asset', entityIds: unique.slice(i, i + BULK_SEARCH_MAX_IDS) },
                opts: searchBulkUpdate.defaultJobOptions,
              });
            }
            await queue.addBulk(bulk);
          }
        });
        await queue.close();
        connection.disconnect();
        return ms;
      }),
  );
  await admin.quit();
  return [
    {
      name: `bulk enqueue of 10,000 ids (${jobs} jobs), ${CALLS} calls a round`,
      ours: result.ours,
      raw: result.raw,
      unit: 'ids/s',
      goal: 0.9,
    },
  ];
}
