// An email worker in a process of its own (built package), so that a test can SIGKILL it mid-send
// or SIGTERM it and watch it stop. On SIGTERM it stops as the worker app does: the runtime (with
// its deadline) first, then the mailer, then the database.
import { createDb } from '@yg/db';
import { createEmailModule, createSmtpMailer } from '@yg/jobs-notifications/worker';
import { createLogger, QueueClient, queueConfig, Runtime } from '@yg/queue-core';

const [prefix, smtpUrl, lockMs, poolSize = '5', concurrency = '1', shutdownMs = '5000'] =
  process.argv.slice(2);
const db = createDb({ url: process.env.DATABASE_URL, poolSize: 2 });
const mailer = createSmtpMailer({
  url: smtpUrl,
  from: 'YesGoddess <no-reply@example.com>',
  ignoreTLS: true,
  poolSize: Number(poolSize),
});
const client = new QueueClient({
  // A short lock and stalled check: the job this process holds when killed is handed out again
  // soon after (BullMQ runs the check at most once per interval of the last worker that ran it).
  config: queueConfig({
    redisUrl: process.env.REDIS_URL || undefined,
    redisClusterNodes: process.env.REDIS_CLUSTER_NODES || undefined,
    prefix,
    lockDurationMs: Number(lockMs),
    stalledIntervalMs: Number(lockMs),
  }),
  logger: createLogger({ level: 'warn' }),
});
const runtime = new Runtime({
  modules: [createEmailModule({ ratePerSecond: 1000, concurrency: Number(concurrency) })],
  deps: { db, mailer },
  client,
});
process.once('SIGTERM', async () => {
  await runtime.shutdown({ timeoutMs: Number(shutdownMs) });
  await mailer.close();
  await db.$disconnect();
  process.stdout.write('stopped\n');
});
await runtime.start();
process.stdout.write('ready\n');
