// Enqueue of 10,000 jobs: queue-core's enqueue / enqueueBulk (validation, contract options)
// against raw Queue.add / addBulk with the same payloads and the same job options.
import { compare, type Row, timeIt } from '@yg/bench-harness';
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

  const timed = async (fn: () => Promise<void>) => rate(await timeIt(fn));

  /** Runs `fn` against a fresh, connected client of ours and returns its rate. */
  const withOurs = async (fn: (client: QueueClient) => Promise<void>) => {
    const client = ourClient();
    await client.ready();
    const r = await timed(() => fn(client));
    await client.close();
    return r;
  };
  /** Runs `fn` against a fresh, connected raw BullMQ queue and returns its rate. */
  const withRaw = async (fn: (queue: Queue) => Promise<void>) => {
    const queue = rawQueue();
    await queue.waitUntilReady();
    const r = await timed(() => fn(queue));
    await queue.close();
    return r;
  };
  const payloads = Array.from({ length: COUNT }, (_, i) => payload(i));

  const single = await compare(
    3,
    () =>
      withOurs(async (client) => {
        for (const p of payloads) await client.enqueue(benchJob, p);
      }),
    () =>
      withRaw(async (queue) => {
        for (const p of payloads) await queue.add(benchJob.name, p, opts);
      }),
  );

  const bulk = await compare(
    3,
    () =>
      withOurs(async (client) => {
        await client.enqueueBulk(benchJob, payloads);
      }),
    () =>
      withRaw(async (queue) => {
        const jobs = payloads.map((data) => ({ name: benchJob.name, data, opts }));
        for (let i = 0; i < COUNT; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
      }),
  );

  // Deduplicated enqueue (the search update contract) against raw add with the same deduplication.
  const update = (i: number) => ({ entityType: 'asset', entityId: `a${i}`, operation: 'update' }) as const;
  const dedup = await compare(
    3,
    () =>
      withOurs(async (client) => {
        for (let i = 0; i < COUNT; i++) await client.enqueue(searchIndexUpdate, update(i));
      }),
    () =>
      withRaw(async (queue) => {
        for (let i = 0; i < COUNT; i++) {
          await queue.add('update', update(i), {
            ...searchIndexUpdate.defaultJobOptions,
            deduplication: { id: `search:asset:a${i}`, keepLastIfActive: true },
          });
        }
      }),
  );

  // Where ours spends what raw does not: the validation of every payload, timed alone.
  const validation = (parse: () => void) => {
    for (let i = 0; i < 1000; i++) parse();
    const started = performance.now();
    parse();
    return performance.now() - started;
  };
  let k = 0;
  const plainMs = validation(() => {
    for (const p of payloads) benchJob.parse(p);
  });
  const dedupMs = validation(() => {
    for (let i = 0; i < COUNT; i++) searchIndexUpdate.parse(update(k++ % COUNT));
  });
  const share = (validationMs: number, rate: number) =>
    `payload validation alone ${validationMs.toFixed(1)} ms of ours' ${(COUNT / (rate / 1000)).toFixed(0)} ms`;

  for (const c of rawConnections) c.disconnect();
  for (const p of prefixes) await dropPrefix(admin, p);
  admin.disconnect();
  return [
    {
      name: 'enqueue 10,000 one by one',
      ...single,
      unit: 'jobs/s',
      goal: 0.9,
      note: share(plainMs, single.ours),
    },
    {
      name: 'enqueueBulk 10,000 (addBulk, 1,000 a chunk)',
      ...bulk,
      unit: 'jobs/s',
      goal: 0.9,
      note: share(plainMs, bulk.ours),
    },
    {
      name: 'enqueue 10,000 deduplicated (search update) vs BullMQ’s own deduplicated add',
      ...dedup,
      unit: 'jobs/s',
      note:
        `${share(dedupMs, dedup.ours)}; the same options otherwise, plus an id of its own per job (to ` +
        'tell added from deduplicated), which raw add with and without such an id showed no cost for',
    },
  ];
}
