// The worker side of the digest benchmark, in a process of its own (as `yg-worker` runs it): the
// real notifications and email modules on the benchmark's database, Redis prefix and SMTP sink.
// It reports "ready", then its peak RSS when asked, over IPC. Plain JavaScript on the built
// packages, run by plain Node, as production runs the worker (no TypeScript loader in the way).
import { createDb } from '@yg/db';
import { createEmailModule, createSmtpMailer, notificationsModule } from '@yg/jobs-notifications/worker';
import { QueueClient, queueConfig, Runtime } from '@yg/queue-core';
import { pino } from 'pino';
import { peakRssMiB } from '../peak-rss.mjs';

const [databaseUrl, prefix, smtpPort, poolSize] = process.argv.slice(2);
const db = createDb({ url: databaseUrl, poolSize: 20 });
const client = new QueueClient({
  config: queueConfig({ redisUrl: process.env.REDIS_URL, prefix }),
  // Logged at production's default level (info), to a sink instead of a terminal.
  logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })),
});
const mailer = createSmtpMailer({
  url: `smtp://127.0.0.1:${smtpPort}`,
  from: 'YesGoddess <no-reply@example.com>',
  poolSize: Number(poolSize),
  ignoreTLS: true,
});
const runtime = new Runtime({
  modules: [
    { ...notificationsModule, schedules: {} },
    // The rate limit is a deliberate throttle (default 50/s): lifted to measure throughput.
    // Concurrency is EMAIL_CONCURRENCY's default.
    createEmailModule({ ratePerSecond: 100_000, concurrency: 50 }),
  ],
  deps: { db, mailer },
  client,
});
await runtime.start();
process.send?.({ ready: true });
process.on('message', async (message) => {
  if (!message.stop) return;
  const rss = peakRssMiB();
  await runtime.shutdown({ timeoutMs: 10_000 });
  await mailer.close();
  await db.$disconnect();
  process.send?.({ rss }, () => process.exit(0));
});
