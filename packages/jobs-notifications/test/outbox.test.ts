import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import type { Runtime } from '@yg/queue-core';
import type { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNotificationDelivery } from '../src/index';
import { createMailerFromEnv, type Mailer, type NotificationsDeps, outboxFileName } from '../src/worker';
import { createNotification, createUser } from './fixtures/data';
import { deleteKeys, plainRedis, testClient, until, untilIdle } from './fixtures/redis';
import { QUEUES, startWorkers } from './fixtures/workers';

let database: TestDatabase;
let folder: string;
let outbox: string;
let mailer: Mailer;
let runtime: Runtime<NotificationsDeps>;
let admin: Redis;
const client = testClient();

beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'yg-outbox-'));
  // A folder that does not exist yet: the mailer creates it on the first email.
  outbox = join(folder, 'mail', 'outbox');
  mailer = createMailerFromEnv({ MAIL_OUTBOX_DIR: outbox, MAIL_FROM: 'YesGoddess <no-reply@example.com>' });
  runtime = await startWorkers({ client, db: database.db, mailer });
  admin = plainRedis();
});

afterAll(async () => {
  await runtime?.shutdown({ timeoutMs: 5000 });
  await deleteKeys(admin, client.config.prefix);
  admin?.disconnect();
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe('without SMTP_URL', () => {
  it('writes each email as an .eml file named by its idempotency key, once', async () => {
    expect(mailer.kind).toBe('outbox');
    const user = await createUser(database.db);
    const n = await createNotification(database.db, user.id, { title: 'License <Approved>' });
    await queueNotificationDelivery(n.id, { client });
    const name = outboxFileName(`notification:${n.id}`);
    await until(
      async () => (await readdir(outbox).catch(() => [] as string[])).includes(name),
      15_000,
      'the .eml file',
    );
    await untilIdle(client, QUEUES);

    const mail = await simpleParser(await readFile(join(outbox, name)));
    expect(mail.subject).toBe('License <Approved>');
    expect(JSON.stringify(mail.to)).toContain(user.email);
    expect(mail.from?.value).toEqual([{ name: 'YesGoddess', address: 'no-reply@example.com' }]);
    expect(String(mail.html)).toContain('License &lt;Approved&gt;');
    const row = await database.db.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: `notification:${n.id}` },
    });
    expect(row).toMatchObject({ status: 'SENT', messageId: mail.messageId });

    // Writing the same email again replaces the file: still one, and nothing half-written.
    await mailer.send({
      idempotencyKey: `notification:${n.id}`,
      messageId: row.messageId!,
      to: user.email,
      subject: 'again',
      text: 'again',
    });
    expect((await readdir(outbox)).filter((f) => f.startsWith('notification_'))).toEqual([name]);
  });

  it('names files safely whatever the key holds', () => {
    expect(outboxFileName('digest:abc')).toMatch(/^digest_abc-[0-9a-f]{8}\.eml$/);
    expect(outboxFileName('../../etc/passwd')).toMatch(/^\.\._\.\._etc_passwd-[0-9a-f]{8}\.eml$/);
    expect(outboxFileName('a:b')).not.toBe(outboxFileName('a/b'));
  });
});
