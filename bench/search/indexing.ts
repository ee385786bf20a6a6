// Search indexing: bulk jobs through the real worker (a child process) against the ceiling of a
// hand-written multi-row INSERT … ON CONFLICT of the same documents, and the reindex worker's peak
// memory at 100,000 and 400,000 assets. The reindex's time is `reindex.ts`.
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { queueBulkSearchIndexUpdate, queueSearchIndexUpdate } from '@yg/jobs-search';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from '../redis';
import { assetDocuments, emptyIndex, rawInsert } from './raw-insert';
import { allAssetIds, reindexOnce, seededDatabase, until, withWorker } from './world';

const BULK_IDS = 20_000;

export async function searchIndexing(): Promise<Row[]> {
  const small = await seededDatabase(100_000);
  try {
    const { db } = small;
    const ids = await allAssetIds(db);
    const bulkIds = ids.slice(0, BULK_IDS);
    const bulkDocuments = await assetDocuments(db, bulkIds);
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
          return perSecond(bulkDocuments.length, ms);
        },
        async () => {
          await emptyIndex(db);
          return perSecond(bulkDocuments.length, await timeIt(() => rawInsert(small.url, bulkDocuments)));
        },
      );
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
