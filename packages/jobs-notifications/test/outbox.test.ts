import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until, untilIdle } from '@yg/testing';
import { worldTest } from '@yg/testing/world';
import { simpleParser } from 'mailparser';
import { describe, expect } from 'vitest';
import { queueNotificationDelivery } from '../src/index';
import { outboxFileName } from '../src/mailer/outbox-mailer';
import { createMailerFromEnv, type Mailer } from '../src/worker';
import { createNotification, createUser } from './fixtures/data';
import { QUEUES, testModules } from './fixtures/workers';

/** A mailer writing to an outbox folder that does not exist yet: it creates it on the first email. */
const it = worldTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('outbox', async ({}, { onCleanup }) => {
    const folder = await mkdtemp(join(tmpdir(), 'yg-outbox-'));
    onCleanup(() => rm(folder, { recursive: true, force: true }));
    return join(folder, 'mail', 'outbox');
  })
  .extend(
    'mailer',
    async ({ outbox }): Promise<Mailer> =>
      createMailerFromEnv({ MAIL_OUTBOX_DIR: outbox, MAIL_FROM: 'YesGoddess <no-reply@example.com>' }),
  );

describe('without SMTP_URL', () => {
  it('writes each email as an .eml file named by its idempotency key, once', async ({
    client,
    database,
    mailer,
    outbox,
    startRuntime,
  }) => {
    await startRuntime(testModules(), { db: database.db, mailer });
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
