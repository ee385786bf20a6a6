// Search indexing: bulk jobs and a full reindex through the real worker (a child process), each
// against the ceiling of a hand-written multi-row INSERT … ON CONFLICT of the same documents,
// and the reindex worker's peak memory at 100,000 and 400,000 assets.
import { compare, type Row, timeIt } from '@yg/bench-harness';
import type { PrismaClient } from '@yg/db';
import { createTestDatabase, seedDemoData, type TestDatabase } from '@yg/db/testing';
import { queueBulkSearchIndexUpdate, queueFullReindex, queueSearchIndexUpdate } from '@yg/jobs-search';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from '../redis';
import { assetDocuments, emptyIndex, rawInsert } from './raw-insert';
import { startSearchWorker } from './worker-process';

const BULK_IDS = 20_000;

async function seededDatabase(assets: number): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await seedDemoData(database.db, { assets, seed: 42, events: 1, notifications: 1 });
  await database.db.$executeRawUnsafe('VACUUM ANALYZE');
  return database;
}

async function allAssetIds(db: PrismaClient): Promise<string[]> {
  return (await db.$queryRaw<{ id: string }[]>`SELECT id FROM ip_assets ORDER BY id`).map((r) => r.id);
}

/** Polls (every 10 ms) until `check` holds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A worker on `database` and a client on the same fresh prefix; `run` gets both. */
async function withWorker<T>(
  database: TestDatabase,
  run: (client: QueueClient, worker: Awaited<ReturnType<typeof startSearchWorker>>) => Promise<T>,
): Promise<T> {
  const prefix = benchPrefix('ours');
  const client = new QueueClient({
    config: queueConfig({ redisUrl: REDIS_URL, prefix }),
    logger: silentLogger,
  });
  const worker = await startSearchWorker({ DATABASE_URL: database.url, REDIS_URL, BULLMQ_PREFIX: prefix });
  try {
    return await run(client, worker);
  } finally {
    await worker.stop();
    await client.close();
    const admin = new Redis(REDIS_URL);
    await dropPrefix(admin, prefix);
    await admin.quit();
  }
}

async function reindexOnce(client: QueueClient): Promise<void> {
  const { jobId } = await queueFullReindex('asset', undefined, { client });
  const queue = client.queue('search-reindex');
  await until(async () => (await (await queue.getJob(jobId))?.getState()) === 'completed');
}

export async function searchIndexing(): Promise<Row[]> {
  const small = await seededDatabase(100_000);
  try {
    const { db } = small;
    const ids = await allAssetIds(db);
    const bulkIds = ids.slice(0, BULK_IDS);
    const bulkDocuments = await assetDocuments(db, bulkIds);
    const allDocuments = await assetDocuments(db, ids);
    const perSecond = (n: number, ms: number) => n / (ms / 1000);

    const { bulk, reindex } = await withWorker(small, async (client) => {
      const bulkQueue = client.queue('search-index-bulk');
      const bulk = await compare(
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
          return perSecond(bulkDocuments.length, ms);
        },
        async () => {
          await emptyIndex(db);
          return perSecond(bulkDocuments.length, await timeIt(() => rawInsert(small.url, bulkDocuments)));
        },
      );
      const reindex = await compare(
        1,
        async () => {
          await emptyIndex(db);
          return timeIt(() => reindexOnce(client));
        },
        async () => {
          await emptyIndex(db);
          return timeIt(() => rawInsert(small.url, allDocuments));
        },
      );
      return { bulk, reindex };
    });

    // Peak memory of a fresh worker that runs one full reindex, at 100,000 and at 400,000 assets.
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
    }).finally(() => large.drop());

    return [
      {
        name: `bulk jobs, ${BULK_IDS.toLocaleString('en-US')} assets (documents/s)`,
        ours: bulk.ours,
        raw: bulk.raw,
        unit: 'docs/s',
        goal: 0.5,
      },
      {
        name: 'full reindex, 100,000 assets (time)',
        ours: reindex.ours / 1000,
        raw: reindex.raw / 1000,
        unit: 's',
        lowerIsBetter: true,
        goal: 0.5,
      },
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

/** `queueBulkSearchIndexUpdate` of 10,000 ids against the seed's "bad" loop of single enqueues. */
export async function searchBulkEnqueue(): Promise<Row[]> {
  const ids = Array.from({ length: 10_000 }, (_, n) => `ast_bench_${n}`);
  const admin = new Redis(REDIS_URL);
  const withClient = async (fn: (client: QueueClient) => Promise<unknown>) => {
    const prefix = benchPrefix('ours');
    const client = new QueueClient({
      config: queueConfig({ redisUrl: REDIS_URL, prefix }),
      logger: silentLogger,
    });
    await client.ready();
    const ms = await timeIt(() => fn(client));
    await client.close();
    await dropPrefix(admin, prefix);
    return ids.length / (ms / 1000);
  };
  const result = await compare(
    3,
    () => withClient((client) => queueBulkSearchIndexUpdate('asset', ids, { client })),
    () =>
      withClient(async (client) => {
        for (const id of ids) await queueSearchIndexUpdate('asset', id, 'update', { client });
      }),
  );
  await admin.quit();
  return [
    {
      name: 'enqueue 10,000 ids: bulk vs a loop of single enqueues',
      ours: result.ours,
      raw: result.raw,
      unit: 'ids/s',
      goal: 10,
    },
  ];
}
