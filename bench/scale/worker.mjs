// One worker process of the scale suite (plain Node on the built packages). The environment says
// which: SIDE `ours` (queue-core's worker; for KIND `search` the real search module in a
// Runtime) or `raw` (a BullMQ Worker; for `search` the update job's own SQL over a pg pool),
// KIND `noop` or `search`, BULLMQ_PREFIX, WORKER_CONCURRENCY, REDIS_URL or REDIS_CLUSTER_NODES,
// DATABASE_URL. It tells the parent `ready`, then every 20 ms how many jobs it completed and the
// CPU time it used since `go`; on `stop` it closes and exits.
import { createDb } from '@yg/db';
import { defineContract } from '@yg/job-contracts';
import { reconcileEntitiesStatement, searchModule } from '@yg/jobs-search/worker';
import { createWorkerIfNotServerless, loadQueueConfig, QueueClient, Runtime } from '@yg/queue-core';
import { Worker } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { z } from 'zod';

const { SIDE, KIND, BULLMQ_PREFIX: prefix } = process.env;
const concurrency = Number(process.env.WORKER_CONCURRENCY);
const noop = defineContract({
  queue: 'bench-scale-noop',
  name: 'noop',
  schema: z.strictObject({ entityId: z.string(), n: z.number().int() }),
});

let completed = 0;
const count = () => {
  completed++;
};
let cpuAtGo = process.cpuUsage();
const closers = [];

if (SIDE === 'ours') {
  const config = loadQueueConfig();
  // Production's per-job log line, to a sink instead of a terminal.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const client = new QueueClient({ config, logger });
  if (KIND === 'noop') {
    const worker = createWorkerIfNotServerless(noop, async () => {}, { client, concurrency, logger });
    worker.on('completed', count);
    closers.push(
      () => worker.close(),
      () => client.close(),
    );
  } else {
    const db = createDb({ poolSize: concurrency });
    const runtime = new Runtime({ modules: [searchModule], deps: { db }, client });
    await runtime.start();
    for (const worker of runtime.workers) worker.on('completed', count);
    closers.push(
      () => runtime.shutdown(),
      () => db.$disconnect(),
    );
  }
} else {
  const nodes = process.env.REDIS_CLUSTER_NODES;
  const connection = nodes
    ? new Cluster(
        nodes.split(',').map((n) => ({ host: n.split(':')[0], port: Number(n.split(':')[1]) })),
        { redisOptions: { maxRetriesPerRequest: null } },
      )
    : new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
  let processor = async () => {};
  let queue = noop.queue;
  if (KIND === 'search') {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: concurrency });
    closers.push(() => pool.end());
    queue = 'search-index-realtime';
    processor = async (job) => {
      const statement = reconcileEntitiesStatement('asset', [job.data.entityId]);
      await pool.query(statement.text, statement.values);
    };
  }
  const worker = new Worker(queue, processor, { connection, prefix, concurrency });
  worker.on('completed', count);
  await worker.waitUntilReady();
  closers.unshift(() => worker.close());
  closers.push(() => connection.quit());
}

const cpuMs = () => {
  const cpu = process.cpuUsage(cpuAtGo);
  return (cpu.user + cpu.system) / 1000;
};
const reporter = setInterval(() => process.send?.({ completed, cpuMs: cpuMs() }), 20);
process.on('message', async (message) => {
  if (message === 'go') cpuAtGo = process.cpuUsage();
  if (message !== 'stop') return;
  clearInterval(reporter);
  for (const close of closers) await close().catch(() => {});
  process.exit(0);
});
process.send?.('ready');
