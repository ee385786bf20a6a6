import { createDb, type PrismaClient } from '@yg/db';
import { emailSend } from '@yg/job-contracts';
import { type RunningProcess, runProcess, TEST_REDIS_ENV, until } from '@yg/testing';
import { worldTest as it, type StartRuntime } from '@yg/testing/world';
import { describe, expect, onTestFinished } from 'vitest';
import { messageIdFor } from '../src/email/message-id';
import { createEmailModule, type Mailer } from '../src/worker';
import { createNotification, createUser } from './fixtures/data';
import { freePort, smtpUrl, type TestSmtpServer } from './fixtures/smtp';
import { startTcpProxy, type TcpProxy } from './fixtures/tcp-proxy';
import { server, smtpMailer } from './fixtures/test-mail';

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

const delivery = (key: string) => db.emailDelivery.findUnique({ where: { idempotencyKey: key } });

function payload(key: string, to = 'ada@example.com') {
  return { idempotencyKey: key, to, subject: 'Hello', text: 'Hello there', html: '<p>Hello there</p>' };
}

describe('the email worker', () => {
  it('waits out an SMTP outage longer than its attempts would last, without spending them, and sends once', async ({
    client,
    startRuntime,
  }) => {
    const port = await freePort();
    await emailWorker(startRuntime, smtpMailer(port));
    // Two attempts 100 ms apart: spent on the outage, the email would fail within a second.
    const { jobId } = await client.enqueue(emailSend, payload('down:1'), {
      attempts: 2,
      backoff: { type: 'fixed', delay: 100 },
    });
    // Three refused sends (more than the attempts allow): each put the row back to PENDING.
    const refused = await until(async () => {
      const row = await delivery('down:1');
      return row && row.attempts >= 3 && row.status === 'PENDING' ? row : undefined;
    });
    expect(refused!.lastError).toContain('ECONNREFUSED');
    expect(await client.queue(emailSend).getJobState(jobId)).not.toBe('failed');
    expect((await client.queue(emailSend).getJob(jobId))!.attemptsMade).toBe(0);

    const smtp = await server({ port });
    await until(
      async () => (await client.queue(emailSend).getJobState(jobId)) === 'completed',
      30_000,
      'delivery',
    );
    expect(smtp.raw).toHaveLength(1);
    expect(await delivery('down:1')).toMatchObject({ status: 'SENT', lastError: null });
    // One attempt: the one that sent it.
    expect((await client.queue(emailSend).getJob(jobId))!.attemptsMade).toBe(1);
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
      env: { DATABASE_URL: database.url, ...TEST_REDIS_ENV },
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

  it('waits out a refused login (535) as an outage and sends once the credentials work again', async ({
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
    // The operator's credentials, not the email's fault: an outage. One attempt: the one that sent it.
    expect((await client.queue(emailSend).getJob(jobId))!.attemptsMade).toBe(1);
  });

  it('sends again, once, an email whose connection broke in the envelope, before its content went', async ({
    client,
    startRuntime,
  }) => {
    let proxy: TcpProxy | undefined;
    let cuts = 0;
    // The first RCPT TO drops every open connection (new ones get through at once).
    const smtp = await server({
      onRecipient: () => {
        if (cuts++ > 0) return;
        proxy?.cut();
        proxy?.restore();
      },
    });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: smtp.port });
    onTestFinished(() => proxy?.close());
    await emailWorker(startRuntime, smtpMailer(proxy.port));
    const { jobId } = await client.enqueue(emailSend, payload('cut-envelope:1'), {
      attempts: 3,
      backoff: { type: 'fixed', delay: 100 },
    });
    await until(
      async () => (await client.queue(emailSend).getJobState(jobId)) === 'completed',
      30_000,
      'delivery',
    );

    expect(cuts).toBe(2);
    expect(smtp.raw).toHaveLength(1);
    // Not UNCONFIRMED: nothing of the message had gone, so it was safe to send again.
    expect(await delivery('cut-envelope:1')).toMatchObject({ status: 'SENT', attempts: 2 });
    expect((await client.queue(emailSend).getJob(jobId))!.returnvalue).toMatchObject({ status: 'sent' });
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

const FROM = 'YesGoddess <no-reply@example.com>';

/** How many of the messages the server took carry each key's Message-ID. */
function copiesByKey(smtp: TestSmtpServer, keys: readonly string[]): Record<string, number> {
  const headers = smtp.raw.map((m) => m.toString().split(/\r?\n\r?\n/)[0]!);
  return Object.fromEntries(
    keys.map((key) => [
      key,
      headers.filter((h) => h.includes(`Message-ID: ${messageIdFor(key, FROM)}`)).length,
    ]),
  );
}

const statuses = async (keys: readonly string[]) =>
  (await db.emailDelivery.findMany({ where: { idempotencyKey: { in: [...keys] } } })).map((r) => r.status);

const keysWith = async (keys: readonly string[], status: 'SENDING' | 'UNCONFIRMED') =>
  (await db.emailDelivery.findMany({ where: { idempotencyKey: { in: [...keys] }, status } })).map(
    (r) => r.idempotencyKey,
  );

describe('the email worker under ordinary faults', () => {
  it('claims an email only when a connection takes it: a SIGKILL leaves at most one per connection unconfirmed, and every email is sent once', async ({
    client,
    database,
    prefix,
    startRuntime,
  }) => {
    const POOL = 2;
    const keys = Array.from({ length: 30 }, (_, i) => `kill:${i}`);
    // The server answers the first few messages, then holds every one it gets without a reply;
    // once each pooled connection has a message held, the worker is killed.
    const held: (() => void)[] = [];
    let killed = false;
    const smtp = await server({
      beforeReply: () => {
        if (killed || smtp.raw.length <= 4) return undefined;
        return new Promise<void>((resolve) => {
          held.push(resolve);
          if (held.length === POOL) {
            killed = true;
            worker?.child.kill('SIGKILL');
          }
        });
      },
    });
    onTestFinished(() => {
      for (const release of held) release();
    });
    worker = runProcess(new URL('./processes/email-worker.mjs', import.meta.url), {
      args: [prefix, smtpUrl(smtp.port), '1000', String(POOL), '20'],
      env: { DATABASE_URL: database.url, ...TEST_REDIS_ENV },
    });
    await worker.waitFor('ready');
    await client.enqueueBulk(
      emailSend,
      keys.map((key) => payload(key)),
    );
    expect((await worker.exited).signal).toBe('SIGKILL');
    worker = undefined;
    // Only emails a connection took were claimed; the others waited unclaimed. SENDING at the kill
    // are the messages the server holds (one per connection) and any it had answered whose SENT
    // record had not landed yet (the connection is freed before that record).
    const receivedAtKill = new Set(keys.filter((key) => copiesByKey(smtp, [key])[key]! > 0));
    const sendingAtKill = await keysWith(keys, 'SENDING');
    expect(sendingAtKill.length).toBeGreaterThanOrEqual(POOL);
    expect(sendingAtKill.filter((key) => !receivedAtKill.has(key))).toEqual([]);

    await emailWorker(startRuntime, smtpMailer(smtp.port), { concurrency: 5, stalledIntervalMs: 200 });
    await until(
      async () => {
        const now = await statuses(keys);
        return now.length === keys.length && now.every((s) => s === 'SENT' || s === 'UNCONFIRMED');
      },
      30_000,
      'every email settled',
    );
    expect(Object.values(copiesByKey(smtp, keys)).every((n) => n === 1)).toBe(true);
    expect(smtp.raw).toHaveLength(keys.length);
    // Given up on only what had reached the server before the kill: nothing that waited.
    const unconfirmed = await keysWith(keys, 'UNCONFIRMED');
    expect(unconfirmed.length).toBeGreaterThanOrEqual(POOL);
    expect(unconfirmed.filter((key) => !receivedAtKill.has(key))).toEqual([]);
  });

  it('stops on SIGTERM under a slow server without failing or doubting any email, and a restart sends each once', async ({
    client,
    database,
    prefix,
    startRuntime,
  }) => {
    const keys = Array.from({ length: 20 }, (_, i) => `term:${i}`);
    // Slow: every "250" comes 300 ms after the message, longer than the shutdown deadline.
    const smtp = await server({ beforeReply: () => new Promise((resolve) => setTimeout(resolve, 300)) });
    worker = runProcess(new URL('./processes/email-worker.mjs', import.meta.url), {
      args: [prefix, smtpUrl(smtp.port), '1000', '2', '20', '100'],
      env: { DATABASE_URL: database.url, ...TEST_REDIS_ENV },
    });
    await worker.waitFor('ready');
    await client.enqueueBulk(
      emailSend,
      keys.map((key) => payload(key)),
    );
    await until(() => smtp.raw.length >= 2, 15_000, 'sending to start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('stopped');
    worker = undefined;
    const afterStop = await statuses(keys);
    expect(afterStop.filter((s) => s === 'FAILED' || s === 'UNCONFIRMED')).toEqual([]);

    await emailWorker(startRuntime, smtpMailer(smtp.port), { concurrency: 5, stalledIntervalMs: 200 });
    await until(
      async () => {
        const now = await statuses(keys);
        return now.length === keys.length && now.every((s) => s === 'SENT');
      },
      30_000,
      'every email sent',
    );
    expect(Object.values(copiesByKey(smtp, keys)).every((n) => n === 1)).toBe(true);
    expect(smtp.raw).toHaveLength(keys.length);
  });

  it('records an email SENT once PostgreSQL answers again when it went down during the send', async ({
    client,
    database,
    startRuntime,
  }) => {
    const url = new URL(database.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    onTestFinished(() => proxy.close());
    url.port = String(proxy.port);
    // The worker reaches PostgreSQL through the proxy; the test's own client does not.
    const workerDb = createDb({ url: url.toString(), poolSize: 2 });
    onTestFinished(() => workerDb.$disconnect());
    const user = await createUser(db);
    const n = await createNotification(db, user.id);
    const key = `notification:${n.id}`;
    // The server has the message; before it answers "250", PostgreSQL goes away.
    const smtp = await server({ onMessage: () => proxy.cut() });
    await startRuntime([createEmailModule({ ratePerSecond: 100, concurrency: 2 })], {
      db: workerDb,
      mailer: smtpMailer(smtp.port),
    });
    const { jobId } = await client.enqueue(
      emailSend,
      { ...payload(key, user.email), source: { kind: 'notification', notificationId: n.id } },
      { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    );
    // The worker keeps trying to record the send while the database is away.
    await until(() => proxy.refused >= 3, 30_000, 'attempts to record the send');
    expect((await delivery(key))!.status).toBe('SENDING');
    proxy.restore();
    await until(
      async () => (await client.queue(emailSend).getJobState(jobId)) === 'completed',
      30_000,
      'the job',
    );
    expect(smtp.raw).toHaveLength(1);
    expect(await delivery(key)).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(await db.notification.findUniqueOrThrow({ where: { id: n.id } })).toMatchObject({
      emailStatus: 'SENT',
    });
  });
});
