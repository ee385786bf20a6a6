import { readFile } from 'node:fs/promises';
import { closeDefaultDb, defaultDb } from '@yg/db';
import { ContractValidationError, ValidationError } from '@yg/job-contracts';
import { worldTest as it } from '@yg/testing/world';
import { describe, expect, vi } from 'vitest';
import {
  closeNotificationService,
  createNotificationService,
  notificationService,
  queueNotificationDelivery,
  triggerDigestManually,
} from '../src/index';
import {
  createEmailModule,
  createOutboxMailer,
  loadMailConfig,
  type NotificationsDeps,
  notificationsModule,
} from '../src/worker';
import { createUser } from './fixtures/data';

describe('the root export (producers)', () => {
  it('creates a notification on the caller’s Prisma client, validating the input', async ({ database }) => {
    const user = await createUser(database.db);
    const service = createNotificationService(database.db);
    const n = await service.createNotification({
      userId: user.id,
      type: 'LICENSE_APPROVED',
      title: 'License Approved',
      message: 'Your license has been approved',
      metadata: { licenseId: 'lic_7' },
    });
    expect(n).toMatchObject({
      userId: user.id,
      emailStatus: 'PENDING',
      deliveredAt: null,
      metadata: { licenseId: 'lic_7' },
    });
    const refused = service.createNotification({ userId: user.id, type: 'X', title: '  ', message: 'm' });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      code: 'ERR_VALIDATION',
      issues: [{ field: 'title', message: expect.any(String) }],
    });
  });

  it('refuses a notification for a user that does not exist, naming userId', async ({ database }) => {
    const service = createNotificationService(database.db);
    const refused = service.createNotification({
      userId: 'usr_missing',
      type: 'X',
      title: 't',
      message: 'm',
    });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ issues: [{ field: 'userId', message: 'no such user' }] });
    expect(await database.db.notification.count({ where: { userId: 'usr_missing' } })).toBe(0);
  });

  it('refuses a NUL byte in any field before the database, naming the field', async ({ database }) => {
    const user = await createUser(database.db);
    const service = createNotificationService(database.db);
    const refused = service.createNotification({
      userId: user.id,
      type: 'X',
      title: 'a\u0000b',
      message: 'm',
    });
    await expect(refused).rejects.toMatchObject({
      issues: [{ field: 'title', message: 'must not contain NUL bytes' }],
    });
  });

  it('queues a delivery once while it is pending, and a digest run by frequency', async ({ client }) => {
    const first = await queueNotificationDelivery('ntf_1', { client });
    const second = await queueNotificationDelivery('ntf_1', { client });
    expect(first.status).toBe('added');
    expect(second).toEqual({ jobId: first.jobId, status: 'deduplicated' });
    const job = await client.queue('notification-delivery').getJob(first.jobId);
    expect(job?.data).toEqual({ notificationId: 'ntf_1' });

    const run = await triggerDigestManually('WEEKLY', { client });
    expect((await client.queue('notification-digest').getJob(run.jobId))?.data).toEqual({
      frequency: 'WEEKLY',
    });
    await expect(triggerDigestManually('HOURLY' as never, { client })).rejects.toThrow(
      ContractValidationError,
    );
  });

  it('does not load nodemailer (nor the worker code) from the root export', async () => {
    const dist = new URL('../dist/', import.meta.url);
    for (const entry of ['index.js', 'index.cjs']) {
      const code = await readFile(new URL(entry, dist), 'utf8');
      const chunks = [...code.matchAll(/from ["']\.\/(chunk-[\w-]+\.js)["']/g)].map((m) => m[1]!);
      for (const file of [entry, ...chunks]) {
        const text = file === entry ? code : await readFile(new URL(file, dist), 'utf8');
        expect(text, file).not.toMatch(/nodemailer|escape-html/);
      }
    }
  });
});

describe('the default notification service', () => {
  it('borrows @yg/db’s default client and leaves closing it to its owner', async ({ database }) => {
    vi.stubEnv('DATABASE_URL', database.url);
    try {
      const user = await createUser(database.db);
      const created = await notificationService.createNotification({
        userId: user.id,
        type: 'LICENSE_APPROVED',
        title: 'License Approved',
        message: 'Your license has been approved',
      });
      expect(await database.db.notification.findUnique({ where: { id: created.id } })).not.toBeNull();
      const shared = defaultDb();

      await closeNotificationService();

      // searchDocuments and every other borrower of the default client keep the same, open pool.
      expect(defaultDb()).toBe(shared);
      expect(await shared.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await closeDefaultDb();
      vi.unstubAllEnvs();
    }
  });
});

describe('the worker modules', () => {
  it('register the daily and weekly digest crons and the 5-minute sweep in UTC and report the notifications and email groups', async ({
    client,
    database,
    startRuntime,
  }) => {
    const runtime = await startRuntime<NotificationsDeps>(
      [notificationsModule, createEmailModule(loadMailConfig({}))],
      {
        db: database.db,
        mailer: createOutboxMailer({ dir: '.outbox', from: 'no-reply@example.com' }),
      },
    );
    const schedulers = await client.queue('notification-digest').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz, s.template?.data]).sort()).toEqual([
      ['digest-daily', '0 9 * * *', 'UTC', { frequency: 'DAILY' }],
      ['digest-weekly', '0 9 * * 1', 'UTC', { frequency: 'WEEKLY' }],
    ]);
    const sweeps = await client.queue('notification-sweep').getJobSchedulers();
    expect(sweeps.map((s) => [s.key, s.pattern, s.tz])).toEqual([
      ['notification-sweep', '*/5 * * * *', 'UTC'],
    ]);
    // The next run waits with the contract's payload.
    const [next] = await client.queue('notification-sweep').getDelayed();
    expect(next?.data).toEqual({});
    const health = await runtime.health();
    expect(health).toMatchObject({
      healthy: true,
      notifications: { healthy: true },
      email: { healthy: true },
    });
  });

  it('build the email module from the rate limit and concurrency in the environment', () => {
    const env = { EMAIL_RATE_LIMIT_PER_SECOND: '7', EMAIL_CONCURRENCY: '3' };
    const { send, sendBatch } = createEmailModule(loadMailConfig(env)).processors;
    expect(send.limiter).toEqual({ max: 7, duration: 1000 });
    expect(send.concurrency).toBe(3);
    expect(() => loadMailConfig({ EMAIL_RATE_LIMIT_PER_SECOND: 'fast' })).toThrow(
      /EMAIL_RATE_LIMIT_PER_SECOND/,
    );
    // Digest mail: its own budget, the same rate unless set, counted ten emails to a batch.
    expect(sendBatch.limiter).toEqual({ max: 1, duration: Math.ceil(10_000 / 7) });
    expect(sendBatch.concurrency).toBe(1);
    const digests = createEmailModule(loadMailConfig({ ...env, EMAIL_DIGEST_RATE_LIMIT_PER_SECOND: '200' }));
    expect(digests.processors.sendBatch.limiter).toEqual({ max: 20, duration: 1000 });
    expect(digests.processors.send.limiter).toEqual({ max: 7, duration: 1000 });
    expect(() => loadMailConfig({ EMAIL_DIGEST_RATE_LIMIT_PER_SECOND: '0' })).toThrow(
      /EMAIL_DIGEST_RATE_LIMIT_PER_SECOND/,
    );
  });
});
