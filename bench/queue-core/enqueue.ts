// Enqueue of 10,000 jobs: queue-core's enqueue / enqueueBulk (validation, contract options)
// against raw Queue.add / addBulk with the same payloads and the same job options.
import { compare, type Row } from '@yg/bench-harness';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from '../redis';
import { benchJob, payload, searchIndexUpdate } from './contracts';

const COUNT = 10_000;

export async function enqueueThroughput(): Promise<Row[]> {
  const admin = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  const fresh = (side: 'ours' | 'raw') => {
    const p = benchPrefix(side);
    prefixes.push(p);
    return p;
  };
  const ourClient = () =>
    new QueueClient({
      config: queueConfig({ redisUrl: REDIS_URL, prefix: fresh('ours') }),
      logger: silentLogger,
    });
  // Raw producers get the same fail-fast connection settings as ours, so only the layer differs.
  const rawConnections: Redis[] = [];
  const rawQueue = () => {
    const connection = new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    rawConnections.push(connection);
    return new Queue(benchJob.queue, { connection, prefix: fresh('raw') });
  };
  const opts = benchJob.defaultJobOptions;
  const rate = (ms: number) => COUNT / (ms / 1000);

  const timed = async (fn: () => Promise<void>) => {
    const started = performance.now();
    await fn();
    return rate(performance.now() - started);
  };

  const single = await compare(
    3,
    async () => {
      const client = ourClient();
      await client.ready();
      const r = await timed(async () => {
        for (let i = 0; i < COUNT; i++) await client.enqueue(benchJob, payload(i));
      });
      await client.close();
      return r;
    },
    async () => {
      const queue = rawQueue();
      await queue.waitUntilReady();
      const r = await timed(async () => {
        for (let i = 0; i < COUNT; i++) await queue.add(benchJob.name, payload(i), opts);
      });
      await queue.close();
      return r;
    },
  );

  const bulk = await compare(
    3,
    async () => {
      const client = ourClient();
      await client.ready();
      const payloads = Array.from({ length: COUNT }, (_, i) => payload(i));
      const r = await timed(async () => {
        await client.enqueueBulk(benchJob, payloads);
      });
      await client.close();
      return r;
    },
    async () => {
      const queue = rawQueue();
      await queue.waitUntilReady();
      const jobs = Array.from({ length: COUNT }, (_, i) => ({ name: benchJob.name, data: payload(i), opts }));
      const r = await timed(async () => {
        for (let i = 0; i < COUNT; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
      });
      await queue.close();
      return r;
    },
  );

  // Deduplicated enqueue (the search update contract) against raw add with the same deduplication.
  const dedup = await compare(
    3,
    async () => {
      const client = ourClient();
      await client.ready();
      const r = await timed(async () => {
        for (let i = 0; i < COUNT; i++) {
          await client.enqueue(searchIndexUpdate, {
            entityType: 'asset',
            entityId: `a${i}`,
            operation: 'update',
          });
        }
      });
      await client.close();
      return r;
    },
    async () => {
      const queue = rawQueue();
      await queue.waitUntilReady();
      const r = await timed(async () => {
        for (let i = 0; i < COUNT; i++) {
          await queue.add(
            'update',
            { entityType: 'asset', entityId: `a${i}`, operation: 'update' },
            {
              ...searchIndexUpdate.defaultJobOptions,
              deduplication: { id: `search:asset:a${i}`, keepLastIfActive: true },
            },
          );
        }
      });
      await queue.close();
      return r;
    },
  );

  for (const c of rawConnections) c.disconnect();
  for (const p of prefixes) await dropPrefix(admin, p);
  admin.disconnect();
  return [
    { name: 'enqueue 10,000 one by one', ...single, unit: 'jobs/s', goal: 0.9 },
    { name: 'enqueueBulk 10,000 (addBulk, 1,000 a chunk)', ...bulk, unit: 'jobs/s', goal: 0.9 },
    { name: 'enqueue 10,000 deduplicated (search update)', ...dedup, unit: 'jobs/s' },
  ];
}
