import type { PrismaClient } from '@yg/db';
import { type EmailSendPayload, emailSend, emailSendBatch } from '@yg/job-contracts';
import { systemClock } from '@yg/queue-core';
import { until } from '@yg/testing';
import { worldTest as it, type StartRuntime } from '@yg/testing/world';
import { describe, expect } from 'vitest';
import { queueEmails } from '../src/email/queue-emails';
import { digestMailRate } from '../src/module';
import { createEmailModule, type Mailer } from '../src/worker';
import { freePort, type TestSmtpServer } from './fixtures/smtp';
import { server, smtpMailer } from './fixtures/test-mail';

let db: PrismaClient;

it.beforeAll(async ({ database }) => {
  db = database.db;
});

/** Concurrency 20: two batches at once. */
function emailWorker(startRuntime: StartRuntime, mailer: Mailer) {
  return startRuntime([createEmailModule({ ratePerSecond: 1000, concurrency: 20 })], { db, mailer });
}

function email(key: string, to = `${key.replace(/\W/g, '-')}@example.com`): EmailSendPayload {
  return {
    idempotencyKey: key,
    to,
    subject: 'Your digest',
    text: 'Three new notifications',
    template: 'digest',
  };
}

const statuses = async (keys: readonly string[]) =>
  Object.fromEntries(
    (await db.emailDelivery.findMany({ where: { idempotencyKey: { in: [...keys] } } })).map((r) => [
      r.idempotencyKey,
      r.status,
    ]),
  );

/** How many of the messages the server took went to each address. */
const copiesTo = (smtp: TestSmtpServer, addresses: readonly string[]) =>
  addresses.map((address) => smtp.raw.filter((m) => m.toString().includes(`To: ${address}`)).length);

describe('a digest mail batch', () => {
  it('sends each of its emails once, and the same batch run again sends none of them', async ({
    client,
    startRuntime,
  }) => {
    const smtp = await server();
    await emailWorker(startRuntime, smtpMailer(smtp.port));
    const emails = ['once:1', 'once:2', 'once:3'].map((key) => email(key));
    const queue = client.queue(emailSendBatch);

    const first = await client.enqueue(emailSendBatch, { emails });
    await until(async () => (await queue.getJobState(first.jobId)) === 'completed');
    expect((await queue.getJob(first.jobId))!.returnvalue).toEqual({
      sent: 3,
      alreadySent: 0,
      unconfirmed: 0,
      sendingElsewhere: 0,
      failed: 0,
    });

    const again = await client.enqueue(emailSendBatch, { emails });
    await until(async () => (await queue.getJobState(again.jobId)) === 'completed');
    expect((await queue.getJob(again.jobId))!.returnvalue).toMatchObject({ sent: 0, alreadySent: 3 });
    expect(
      copiesTo(
        smtp,
        emails.map((e) => e.to),
      ),
    ).toEqual([1, 1, 1]);
    expect(await statuses(emails.map((e) => e.idempotencyKey))).toEqual({
      'once:1': 'SENT',
      'once:2': 'SENT',
      'once:3': 'SENT',
    });
  });

  it('leaves an email another batch is sending to that batch, instead of calling it in doubt', async ({
    client,
    startRuntime,
  }) => {
    // The server holds its reply to the shared email until the test lets it go.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const smtp = await server({
      beforeReply: (raw) => (raw.toString().includes('To: shared@example.com') ? held : undefined),
    });
    await emailWorker(startRuntime, smtpMailer(smtp.port));
    const shared = email('twice:shared', 'shared@example.com');
    const queue = client.queue(emailSendBatch);
    const first = await client.enqueue(emailSendBatch, { emails: [shared] });
    await until(async () => copiesTo(smtp, [shared.to])[0] === 1);

    // The same email queued again (a digest run's retry), beside another one.
    const second = await client.enqueue(emailSendBatch, { emails: [shared, email('twice:other')] });
    await until(async () => (await queue.getJobState(second.jobId)) === 'completed');
    expect((await queue.getJob(second.jobId))!.returnvalue).toMatchObject({ sent: 1, sendingElsewhere: 1 });
    expect(await statuses(['twice:shared'])).toEqual({ 'twice:shared': 'SENDING' });

    release();
    await until(async () => (await queue.getJobState(first.jobId)) === 'completed');
    expect(await statuses(['twice:shared', 'twice:other'])).toEqual({
      'twice:shared': 'SENT',
      'twice:other': 'SENT',
    });
    expect(copiesTo(smtp, [shared.to])).toEqual([1]);
  });

  it('fails only the email the server refuses (5xx), and sends the others', async ({
    client,
    startRuntime,
  }) => {
    const smtp = await server({
      refuseIf: (raw) => (raw.toString().includes('To: bounce@example.com') ? 550 : undefined),
    });
    await emailWorker(startRuntime, smtpMailer(smtp.port));
    const emails = [email('bounce:1'), email('bounce:2', 'bounce@example.com'), email('bounce:3')];
    const { jobId } = await client.enqueue(emailSendBatch, { emails }, { attempts: 5 });
    const queue = client.queue(emailSendBatch);
    await until(async () => (await queue.getJobState(jobId)) === 'completed');
    const job = await queue.getJob(jobId);
    expect(job!.returnvalue).toMatchObject({ sent: 2, failed: 1 });
    expect(job!.attemptsMade).toBe(1);
    expect(await statuses(['bounce:1', 'bounce:2', 'bounce:3'])).toEqual({
      'bounce:1': 'SENT',
      'bounce:2': 'FAILED',
      'bounce:3': 'SENT',
    });
  });

  it('after a passing refusal (4xx) of one email, runs again and sends only that one', async ({
    client,
    startRuntime,
  }) => {
    // The server turns busy@'s first message away, and takes it the second time.
    let busyMessages = 0;
    const smtp = await server({
      refuseIf: (raw) =>
        raw.toString().includes('To: busy@example.com') && ++busyMessages === 1 ? 451 : undefined,
    });
    await emailWorker(startRuntime, smtpMailer(smtp.port));
    const emails = [email('busy:1'), email('busy:2', 'busy@example.com'), email('busy:3')];
    const { jobId } = await client.enqueue(
      emailSendBatch,
      { emails },
      { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    );
    const queue = client.queue(emailSendBatch);
    await until(async () => (await queue.getJobState(jobId)) === 'completed');
    const job = await queue.getJob(jobId);
    expect(job!.attemptsMade).toBe(2);
    expect(job!.returnvalue).toMatchObject({ sent: 1, alreadySent: 2 });
    expect(
      copiesTo(
        smtp,
        emails.map((e) => e.to),
      ),
    ).toEqual([1, 1, 1]);
    expect(busyMessages).toBe(2);
  });

  it('waits out an SMTP outage longer than its attempts would last, without spending them, and sends each once', async ({
    client,
    startRuntime,
  }) => {
    const port = await freePort();
    await emailWorker(startRuntime, smtpMailer(port));
    const keys = ['down:1', 'down:2', 'down:3'];
    const { jobId } = await client.enqueue(
      emailSendBatch,
      { emails: keys.map((key) => email(key)) },
      { attempts: 2, backoff: { type: 'fixed', delay: 100 } },
    );
    // More refused sends than the attempts allow: each put its row back to PENDING.
    await until(async () => {
      const rows = await db.emailDelivery.findMany({ where: { idempotencyKey: { in: keys } } });
      return rows.length === 3 && rows.every((r) => r.attempts >= 3 && r.status === 'PENDING');
    });
    const queue = client.queue(emailSendBatch);
    expect(await queue.getJobState(jobId)).not.toBe('failed');

    const smtp = await server({ port });
    await until(async () => (await queue.getJobState(jobId)) === 'completed', 30_000, 'delivery');
    expect(smtp.raw).toHaveLength(3);
    expect((await queue.getJob(jobId))!.attemptsMade).toBe(1);
    expect(await statuses(keys)).toEqual({ 'down:1': 'SENT', 'down:2': 'SENT', 'down:3': 'SENT' });
  });
});

describe('queueing email', () => {
  it('puts a digest’s emails ten to a batch on the digest mail queue, and any other email on the email queue', async ({
    client,
  }) => {
    const digests = Array.from({ length: 25 }, (_, i) => ({
      ...email(`digest:route${i}`),
      source: { kind: 'digest' as const, digestId: `route${i}` },
    }));
    const single = {
      ...email('notification:route'),
      source: { kind: 'notification' as const, notificationId: 'route' },
    };
    const deps = { db, queues: client, clock: systemClock, logger: client.logger };
    // The same email twice is queued once.
    const refused = await queueEmails(deps, [...digests, single, digests[0]!]);
    expect(refused.size).toBe(0);

    const batches = await client.queue(emailSendBatch).getJobs(['waiting', 'prioritized']);
    expect(batches.map((job) => job.data.emails.length).sort((a, b) => a - b)).toEqual([5, 10, 10]);
    expect(batches.flatMap((job) => job.data.emails.map((e) => e.idempotencyKey)).sort()).toEqual(
      digests.map((e) => e.idempotencyKey).sort(),
    );
    const singles = await client.queue(emailSend).getJobs(['waiting', 'prioritized']);
    expect(singles.map((job) => job.data.idempotencyKey)).toEqual(['notification:route']);
  });
});

describe('the digest mail rate', () => {
  it('counts a batch as the ten emails it may hold, and spaces a batch out below ten a second', () => {
    expect(digestMailRate(50)).toEqual({ limiter: { max: 5, duration: 1000 }, spacingMs: 0 });
    expect(digestMailRate(55)).toEqual({ limiter: { max: 5, duration: 1000 }, spacingMs: 0 });
    expect(digestMailRate(10)).toEqual({ limiter: { max: 1, duration: 1000 }, spacingMs: 0 });
    expect(digestMailRate(4)).toEqual({ limiter: { max: 1, duration: 2500 }, spacingMs: 250 });
    expect(digestMailRate(1)).toEqual({ limiter: { max: 1, duration: 10_000 }, spacingMs: 1000 });
  });
});
