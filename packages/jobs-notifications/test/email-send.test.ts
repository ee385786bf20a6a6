import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import { emailSend } from '@yg/job-contracts';
import type { Runtime } from '@yg/queue-core';
import { type RunningProcess, runProcess } from '@yg/testing';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmailModule, createSmtpMailer, type Mailer, type NotificationsDeps } from '../src/worker';
import { createNotification, createUser } from './fixtures/data';
import { deleteKeys, plainRedis, REDIS_URL, testClient, until } from './fixtures/redis';
import { freePort, smtpUrl, startSmtpServer, type TestSmtpServer } from './fixtures/smtp';
import { startWorkers } from './fixtures/workers';

let database: TestDatabase;
let admin: Redis;
const cleanup: (() => Promise<unknown> | unknown)[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  admin = plainRedis();
});

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(admin, prefix);
  admin?.disconnect();
  await database?.drop();
});

/** A client of its own per test (own prefix), and an email worker on it, closed after the test. */
async function emailWorker(mailer: Mailer, overrides: { stalledIntervalMs?: number } = {}) {
  const client = testClient(overrides);
  prefixes.push(client.config.prefix);
  const runtime: Runtime<NotificationsDeps> = await startWorkers({
    client,
    db: database.db,
    mailer,
    modules: [createEmailModule({ ratePerSecond: 100, concurrency: 2 })],
  });
  cleanup.push(() => runtime.shutdown({ timeoutMs: 5000 }));
  return client;
}

function smtpMailer(port: number): Mailer {
  const mailer = createSmtpMailer({
    url: smtpUrl(port),
    from: 'YesGoddess <no-reply@example.com>',
    ignoreTLS: true,
  });
  cleanup.push(() => mailer.close());
  return mailer;
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const smtp = await startSmtpServer(options);
  cleanup.push(() => smtp.close());
  return smtp;
}

const delivery = (key: string) => database.db.emailDelivery.findUnique({ where: { idempotencyKey: key } });

function payload(key: string, to = 'ada@example.com') {
  return { idempotencyKey: key, to, subject: 'Hello', text: 'Hello there', html: '<p>Hello there</p>' };
}

describe('the email worker', () => {
  it('retries with backoff while SMTP is down and delivers once the server is back', async () => {
    const port = await freePort();
    const client = await emailWorker(smtpMailer(port));
    const { jobId } = await client.enqueue(emailSend, payload('down:1'), {
      attempts: 100,
      backoff: { type: 'fixed', delay: 100 },
    });
    // Two refused attempts: each put the row back to PENDING with the reason.
    const refused = await until(async () => {
      const row = await delivery('down:1');
      return row && row.attempts >= 2 && row.status === 'PENDING' ? row : undefined;
    });
    expect(refused!.lastError).toContain('ECONNREFUSED');
    expect(await client.queue(emailSend).getJobState(jobId)).not.toBe('failed');

    const smtp = await server({ port });
    await until(
      async () => (await client.queue(emailSend).getJobState(jobId)) === 'completed',
      15_000,
      'delivery',
    );
    expect(smtp.raw).toHaveLength(1);
    const sent = await delivery('down:1');
    expect(sent).toMatchObject({ status: 'SENT', lastError: null });
    expect(sent!.attempts).toBeGreaterThanOrEqual(3);
    const job = await client.queue(emailSend).getJob(jobId);
    expect(job!.attemptsMade).toBeGreaterThanOrEqual(2);
  });

  it('sends no second mail when the worker is killed after the server accepted it', async () => {
    let worker: RunningProcess | undefined;
    const smtp = await server({
      // The server has the whole message; the worker dies before it can hear "250" or record it.
      onMessage: () => worker?.child.kill('SIGKILL'),
    });
    const client = testClient({ stalledIntervalMs: 200 });
    prefixes.push(client.config.prefix);
    worker = runProcess(new URL('./processes/email-worker.mjs', import.meta.url), {
      args: [client.config.prefix, smtpUrl(smtp.port), '1000'],
      env: { DATABASE_URL: database.url, REDIS_URL },
    });
    cleanup.push(() => worker?.child.kill('SIGKILL'));
    await worker.waitFor('ready');
    const { jobId } = await client.enqueue(emailSend, payload('crash:1'), {
      backoff: { type: 'fixed', delay: 50 },
    });
    expect((await worker.exited).signal).toBe('SIGKILL');
    expect(smtp.raw).toHaveLength(1);
    expect(await delivery('crash:1')).toMatchObject({ status: 'SENDING', attempts: 1 });

    // A healthy worker picks the stalled job up again, finds it mid-send, and does not resend.
    const runtime = await startWorkers({
      client,
      db: database.db,
      mailer: smtpMailer(smtp.port),
      modules: [createEmailModule({ ratePerSecond: 100, concurrency: 1 })],
    });
    cleanup.push(() => runtime.shutdown({ timeoutMs: 5000 }));
    await until(
      async () => (await client.queue(emailSend).getJobState(jobId)) === 'completed',
      20_000,
      'the retry',
    );
    expect(smtp.raw).toHaveLength(1);
    const row = await delivery('crash:1');
    expect(row).toMatchObject({ status: 'UNCONFIRMED', attempts: 1 });
    expect(row!.lastError).toMatch(/not sent again/i);
    expect((await client.queue(emailSend).getJob(jobId))!.returnvalue).toEqual({ status: 'unconfirmed' });
  });

  it('sends one mail for two jobs with one idempotency key, and records the notification as emailed', async () => {
    const smtp = await server();
    const client = await emailWorker(smtpMailer(smtp.port));
    const user = await createUser(database.db);
    const n = await createNotification(database.db, user.id);
    const body = {
      ...payload(`notification:${n.id}`, user.email),
      source: { kind: 'notification' as const, notificationId: n.id },
    };
    const first = await client.enqueue(emailSend, body);
    await until(async () => (await client.queue(emailSend).getJobState(first.jobId)) === 'completed');
    const second = await client.enqueue(emailSend, body);
    expect(second.status).toBe('added');
    await until(async () => (await client.queue(emailSend).getJobState(second.jobId)) === 'completed');
    expect(smtp.raw).toHaveLength(1);
    expect((await client.queue(emailSend).getJob(second.jobId))!.returnvalue).toEqual({
      status: 'already-sent',
    });
    expect(await database.db.notification.findUniqueOrThrow({ where: { id: n.id } })).toMatchObject({
      emailStatus: 'SENT',
    });
    // The Message-ID is derived from the key, the same on every attempt.
    const row = await delivery(`notification:${n.id}`);
    expect(smtp.raw[0]!.toString()).toContain(`Message-ID: ${row!.messageId}`);
  });

  it('fails for good, without retrying, when the server refuses the message (5xx)', async () => {
    const smtp = await server({ refuseWith: 550 });
    const client = await emailWorker(smtpMailer(smtp.port));
    const { jobId } = await client.enqueue(emailSend, payload('refused:1'), {
      attempts: 5,
      backoff: { type: 'fixed', delay: 50 },
    });
    await until(async () => (await client.queue(emailSend).getJobState(jobId)) === 'failed');
    const job = await client.queue(emailSend).getJob(jobId);
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toMatch(/^SMTP server refused the email: .*550/);
    expect(await delivery('refused:1')).toMatchObject({ status: 'FAILED', attempts: 1 });
  });
});
