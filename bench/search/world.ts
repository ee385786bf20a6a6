// What the search suites share: a seeded database of their own, and the real search worker in a
// child process on a fresh queue prefix.
import type { PrismaClient } from '@yg/db';
import { createTestDatabase, seedDemoData, type TestDatabase } from '@yg/db/testing';
import { queueFullReindex } from '@yg/jobs-search';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from '../redis';
import { startSearchWorker } from './worker-process';

export async function seededDatabase(assets: number): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await seedDemoData(database.db, { assets, seed: 42, events: 1, notifications: 1 });
  await database.db.$executeRawUnsafe('VACUUM ANALYZE');
  return database;
}

export async function allAssetIds(db: PrismaClient): Promise<string[]> {
  return (await db.$queryRaw<{ id: string }[]>`SELECT id FROM ip_assets ORDER BY id`).map((r) => r.id);
}

/** Polls (every 10 ms) until `check` holds. */
export async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A worker on `database` and a client on the same fresh prefix; `run` gets both. */
export async function withWorker<T>(
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

/** One full reindex of the assets through the worker, enqueue → completed. */
export async function reindexOnce(client: QueueClient, batchSize?: number): Promise<void> {
  const { jobId } = await queueFullReindex('asset', batchSize, { client });
  const queue = client.queue('search-reindex');
  await until(async () => (await (await queue.getJob(jobId))?.getState()) === 'completed');
}
