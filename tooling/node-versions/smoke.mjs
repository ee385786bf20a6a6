// The built packages as a user's code loads them, in plain Node (no vitest, no TypeScript): a
// producer enqueues through the CommonJS build, the workers of `@yg/worker` (ESM) process the jobs
// against the real Redis and PostgreSQL, and the search documents they write are checked.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createTestDatabase, seedDemoData } from '@yg/db/testing';
import { Redis } from 'ioredis';

const require = createRequire(import.meta.url);
const ASSETS = 20;
const prefix = `yg-test-node${process.versions.node.split('.')[0]}-${randomUUID().slice(0, 8)}`;

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.BULLMQ_PREFIX = prefix;
process.env.LOG_LEVEL = 'warn';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let failure;
let producer;
try {
  const { queueSearchIndexUpdate } = require('@yg/jobs-search');
  const { QueueClient, queueConfig } = require('@yg/queue-core');
  // A client of its own, as a web app holds one: the CommonJS build is another module instance
  // than the workers' ESM one, so the process's default client would be a second one to close.
  producer = new QueueClient({ config: queueConfig({ prefix }) });
  const queue = producer.queue('search-index-realtime');
  const { initializeAllWorkers, shutdownAllWorkers, getAllWorkersHealth } = await import('@yg/worker');

  await seedDemoData(database.db, { assets: ASSETS, licenses: 0, posts: 0, notifications: 0, events: 0 });
  const ids = (await database.db.$queryRaw`SELECT id FROM ip_assets`).map((row) => row.id);
  for (const id of ids) await queueSearchIndexUpdate('asset', id, 'update', { client: producer });
  await initializeAllWorkers();
  const deadline = Date.now() + 60_000;
  while ((await queue.getJobCounts('completed')).completed < ids.length) {
    if (Date.now() > deadline)
      throw new Error(`jobs not done: ${JSON.stringify(await queue.getJobCounts())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const health = await getAllWorkersHealth();
  await shutdownAllWorkers();
  const [{ documents }] = await database.db.$queryRaw`
    SELECT count(*)::int AS documents FROM search_documents WHERE entity_type = 'asset'`;
  // Some seeded assets are hidden (deleted, rejected) and get no document.
  if (documents === 0) throw new Error('no search document written');
  if (!health.healthy) throw new Error(`workers unhealthy: ${JSON.stringify(health)}`);
  console.log(
    `node ${process.version}: ${ids.length} jobs enqueued (CommonJS), ${documents} documents written by the workers (ESM), healthy`,
  );
} catch (error) {
  failure = error;
} finally {
  await producer?.close();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  await database.drop();
}
if (failure) {
  console.error(`node ${process.version}: ${failure.stack ?? failure}`);
  process.exit(1);
}
