import type { PrismaClient } from '@yg/db';
import { emailSend } from '@yg/job-contracts';
import { REDIS_URL, type RunningProcess, runProcess, until } from '@yg/testing';
import { worldTest as it, type StartRuntime } from '@yg/testing/world';
import { describe, expect, onTestFinished } from 'vitest';
import { createEmailModule, createSmtpMailer, type Mailer } from '../src/worker';
import { createNotification, createUser } from './fixtures/data';
import { freePort, smtpUrl, startSmtpServer, type TestSmtpServer } from './fixtures/smtp';

let db: PrismaClient;
let worker: RunningProcess | undefined;

it.beforeAll(async ({ database }) => {
  db = database.db;
});

// Before the test's prefix is cleaned up: a worker process left running would write under it again.
it.afterEach(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  worker = undefined;
});

/** An email worker on the test's prefix; shut down after the test, before its mailer and server close. */
function emailWorker(
  startRuntime: StartRuntime,
  mailer: Mailer,
  { concurrency = 2, stalledIntervalMs }: { concurrency?: number; stalledIntervalMs?: number } = {},
) {
  return startRuntime(
    [createEmailModule({ ratePerSecond: 100, concurrency })],
    { db, mailer },
    { config: stalledIntervalMs ? { stalledIntervalMs } : {} },
  );
}

// Closed once the test finished, which is after its fixtures (the runtimes) are torn down.
function smtpMailer(port: number, login?: { user: string; pass: string }): Mailer {
  const mailer = createSmtpMailer({
    url: smtpUrl(port, login),
    from: 'YesGoddess <no-reply@example.com>',
    ignoreTLS: true,
  });
  onTestFinished(() => mailer.close());
  return mailer;
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const smtp = await startSmtpServer(options);
  onTestFinished(() => smtp.close());
  return smtp;
}

const delivery = (key: string) => db.emailDelivery.findUnique({ where: { idempotencyKey: key } });

function payload(key: string, to = 'ada@example.com') {
  return { idempotencyKey: key, to, subject: 'Hello', text: 'Hello there', html: '<p>Hello there</p>' };
}

describe('the email worker', () => {
  it('retries with backoff while SMTP is down and delivers once the server is back', async ({
    client,
    startRuntime,
  }) => {
    const port = await freePort();
    await emailWorker(startRuntime, smtpMailer(port));
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

  it('sends no second mail when the worker is killed after the server accepted it', async ({
    client,
    database,
    prefix,
    startRuntime,
  }) => {
    const smtp = await server({
      // The server has the whole message; the worker dies before it can hear "250" or record it.
      onMessage: () => worker?.child.kill('SIGKILL'),
    });
    worker = runProcess(new URL('./processes/email-worker.mjs', import.meta.url), {
      args: [prefix, smtpUrl(smtp.port), '1000'],
      env: { DATABASE_URL: database.url, REDIS_URL },
    });
    await worker.waitFor('ready');
    const { jobId } = await client.enqueue(emailSend, payload('crash:1'), {
      backoff: { type: 'fixed', delay: 50 },
    });
    expect((await worker.exited).signal).toBe('SIGKILL');
    worker = undefined;
    expect(smtp.raw).toHaveLength(1);
    expect(await delivery('crash:1')).toMatchObject({ status: 'SENDING', attempts: 1 });

    // A healthy worker picks the stalled job up again, finds it mid-send, and does not resend.
    await emailWorker(startRuntime, smtpMailer(smtp.port), { concurrency: 1, stalledIntervalMs: 200 });
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

  it('sends one mail for two jobs with one idempotency key, and records the notification as emailed', async ({
    client,
    startRuntime,
  }) => {
    const smtp = await server();
    await emailWorker(startRuntime, smtpMailer(smtp.port));
    const user = await createUser(db);
    const n = await createNotification(db, user.id);
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
    expect(await db.notification.findUniqueOrThrow({ where: { id: n.id } })).toMatchObject({
      emailStatus: 'SENT',
    });
    // The Message-ID is derived from the key, the same on every attempt.
    const row = await delivery(`notification:${n.id}`);
    expect(smtp.raw[0]!.toString()).toContain(`Message-ID: ${row!.messageId}`);
  });

  it('retries a refused login (535) with backoff and sends once the credentials work again', async ({
    client,
    startRuntime,
  }) => {
    // The operator's password was rotated on the server; the worker still has the old one.
    let accepted = 'new-password';
    const smtp = await server({ login: (user, pass) => user === 'mailer' && pass === accepted });
    await emailWorker(startRuntime, smtpMailer(smtp.port, { user: 'mailer', pass: 'old-password' }));
    const { jobId } = await client.enqueue(emailSend, payload('login:1'), {
      attempts: 100,
      backoff: { type: 'fixed', delay: 100 },
    });
    const refused = await until(async () => {
      const row = await delivery('login:1');
      return row && row.attempts >= 2 && row.status === 'PENDING' ? row : undefined;
    });
    expect(refused!.lastError).toContain('EAUTH');
    expect(refused!.lastError).not.toContain('old-password');
    expect(await client.queue(emailSend).getJobState(jobId)).not.toBe('failed');

    // The server takes the worker's password again (the rotation is rolled back).
    accepted = 'old-password';
    await until(
      async () => (await client.queue(emailSend).getJobState(jobId)) === 'completed',
      15_000,
      'delivery',
    );
    expect(smtp.raw).toHaveLength(1);
    expect(await delivery('login:1')).toMatchObject({ status: 'SENT', lastError: null });
  });

  it('fails for good, without retrying, when the server refuses the message (5xx)', async ({
    client,
    startRuntime,
  }) => {
    const smtp = await server({ refuseWith: 550 });
    await emailWorker(startRuntime, smtpMailer(smtp.port));
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
