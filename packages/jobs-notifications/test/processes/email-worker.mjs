// An email worker in a process of its own (built package), so that a test can SIGKILL it mid-send.
import { createDb } from '@yg/db';
import { createEmailModule, createSmtpMailer } from '@yg/jobs-notifications/worker';
import { createLogger, QueueClient, queueConfig, Runtime } from '@yg/queue-core';

const [prefix, smtpUrl, lockMs] = process.argv.slice(2);
const db = createDb({ url: process.env.DATABASE_URL, poolSize: 2 });
const mailer = createSmtpMailer({ url: smtpUrl, from: 'YesGoddess <no-reply@example.com>', ignoreTLS: true });
const client = new QueueClient({
  // A short lock and stalled check: the job this process holds when killed is handed out again
  // soon after (BullMQ runs the check at most once per interval of the last worker that ran it).
  config: queueConfig({
    redisUrl: process.env.REDIS_URL,
    prefix,
    lockDurationMs: Number(lockMs),
    stalledIntervalMs: Number(lockMs),
  }),
  logger: createLogger({ level: 'warn' }),
});
const runtime = new Runtime({
  modules: [createEmailModule({ ratePerSecond: 100, concurrency: 1 })],
  deps: { db, mailer },
  client,
});
await runtime.start();
process.stdout.write('ready\n');
