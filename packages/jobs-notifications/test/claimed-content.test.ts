import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@yg/db';
import type { EmailSendPayload } from '@yg/job-contracts';
import { type QueueClient, silentLogger, systemClock } from '@yg/queue-core';
import { worldTest as it } from '@yg/testing/world';
import type { Job } from 'bullmq';
import { describe, expect, onTestFinished } from 'vitest';
import type { OutgoingEmail } from '../src/mailer/mailer';
import { processEmailSend } from '../src/processors/send-email';
import { createOutboxMailer, createSmtpMailer, type Mailer } from '../src/worker';
import { smtpUrl, startSmtpServer, type TestSmtpServer } from './fixtures/smtp';

// The claim of an email is taken while its connection starts the SMTP exchange; only the content,
// whose end is what delivers a message, waits for it. These tests hold that line on a real server.

let db: PrismaClient;

it.beforeAll(async ({ database }) => {
  db = database.db;
});

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const smtp = await startSmtpServer(options);
  onTestFinished(() => smtp.close());
  return smtp;
}

function smtpMailer(port: number, poolSize = 1): Mailer {
  const mailer = createSmtpMailer({
    url: smtpUrl(port),
    from: 'YesGoddess <no-reply@example.com>',
    poolSize,
    ignoreTLS: true,
  });
  onTestFinished(() => mailer.close());
  return mailer;
}

function email(key: string): OutgoingEmail {
  return {
    idempotencyKey: key,
    messageId: `<${key}@example.com>`,
    to: 'ada@example.com',
    subject: `About ${key}`,
    text: 'Hello there',
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('an email held for its claim', () => {
  it('goes through the envelope at once, and delivers its content only once the claim holds', async () => {
    let recipients = 0;
    const smtp = await server({ onRecipient: () => recipients++ });
    const mailer = smtpMailer(smtp.port);
    const claim = deferred();
    const connection = await mailer.connection();
    const sending = connection.send(email('held'), { claimed: claim.promise });
    // The server took the recipient: the exchange went ahead while the claim was open...
    await expect.poll(() => recipients).toBe(1);
    // ...and nothing was delivered.
    expect(smtp.raw).toHaveLength(0);
    claim.resolve();
    await sending;
    connection.release();
    const [message] = await smtp.parsed();
    expect(smtp.raw).toHaveLength(1);
    expect(message!.subject).toBe('About held');
    expect(message!.text?.trim()).toBe('Hello there');
  });

  it('delivers nothing when the claim is refused mid-envelope, and the pool sends the next email', async () => {
    const claim = deferred();
    const smtp = await server({ onRecipient: () => claim.reject(new Error('claimed by another attempt')) });
    const mailer = smtpMailer(smtp.port);
    const connection = await mailer.connection();
    await expect(connection.send(email('refused'), { claimed: claim.promise })).rejects.toThrow(
      'claimed by another attempt',
    );
    connection.release();
    await mailer.send(email('next'));
    const messages = await smtp.parsed();
    expect(messages.map((m) => m.subject)).toEqual(['About next']);
  });

  it('writes no outbox file when the claim is refused, and writes it once the claim holds', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'yg-outbox-claim-'));
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    const dir = join(folder, 'outbox');
    const mailer = createOutboxMailer({ dir, from: 'YesGoddess <no-reply@example.com>' });
    onTestFinished(() => mailer.close());
    const refused = await mailer.connection();
    await expect(
      refused.send(email('refused'), { claimed: Promise.reject(new Error('not ours')) }),
    ).rejects.toThrow('not ours');
    refused.release();
    expect(await readdir(dir).catch(() => [])).toEqual([]);
    const claim = deferred();
    const held = await mailer.connection();
    const sending = held.send(email('held'), { claimed: claim.promise });
    claim.resolve();
    await sending;
    held.release();
    expect((await readdir(dir)).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });
});

describe('two attempts of one email at once', () => {
  it('send one mail: the attempt that loses the claim delivers nothing', async () => {
    const smtp = await server();
    // Two connections, so that both attempts hold one and claim together.
    const mailer = smtpMailer(smtp.port, 2);
    const data: EmailSendPayload = {
      idempotencyKey: `race:${Date.now()}`,
      to: 'ada@example.com',
      subject: 'Once',
      text: 'Only once',
    };
    const attempt = (id: string) =>
      processEmailSend({ id, data, attemptsMade: 0, opts: { attempts: 3 } } as Job<EmailSendPayload>, {
        db,
        mailer,
        clock: systemClock,
        logger: silentLogger,
        queues: undefined as unknown as QueueClient,
      });
    const results = await Promise.all([attempt('a'), attempt('b')]);
    expect(results.map((r) => r.status).sort()).toEqual(['sent', 'unconfirmed']);
    expect(smtp.raw).toHaveLength(1);
    expect(
      await db.emailDelivery.findUnique({ where: { idempotencyKey: data.idempotencyKey } }),
    ).toMatchObject({ status: 'SENT', attempts: 1 });
  });
});

describe('a re-run whose email is already settled', () => {
  it('finds out before taking a connection: nothing reaches the server', async () => {
    const recipients: string[] = [];
    const smtp = await server({ onRecipient: (address) => recipients.push(address) });
    const mailer = smtpMailer(smtp.port);
    const deps = {
      db,
      mailer,
      clock: systemClock,
      logger: silentLogger,
      queues: undefined as unknown as QueueClient,
    };
    const cases = [
      ['SENT', 'already-sent'],
      // The earlier attempt died mid-send: the mail may have left.
      ['SENDING', 'unconfirmed'],
      ['UNCONFIRMED', 'unconfirmed'],
      ['FAILED', 'failed'],
    ] as const;
    for (const [status, outcome] of cases) {
      const key = `settled:${status}:${Date.now()}`;
      await db.emailDelivery.create({
        data: { idempotencyKey: key, recipient: 'ada@example.com', subject: 'Once', status, attempts: 1 },
      });
      const data: EmailSendPayload = {
        idempotencyKey: key,
        to: 'ada@example.com',
        subject: 'Once',
        text: 'Hi',
      };
      const job = { id: key, data, attemptsMade: 1, attemptsStarted: 2, opts: { attempts: 3 } };
      expect(await processEmailSend(job as Job<EmailSendPayload>, deps), status).toMatchObject({
        status: outcome,
      });
      expect((await db.emailDelivery.findUniqueOrThrow({ where: { idempotencyKey: key } })).status).toBe(
        status === 'SENDING' ? 'UNCONFIRMED' : status,
      );
    }
    expect(recipients).toEqual([]);
    expect(smtp.raw).toHaveLength(0);
  });
});
