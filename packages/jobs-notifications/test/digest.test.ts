import { type NotificationDigestPayload, notificationDigestUser } from '@yg/job-contracts';
import { type QueueClient, silentLogger, systemClock } from '@yg/queue-core';
import { until, untilIdle } from '@yg/testing';
import type { Job } from 'bullmq';
import { describe, expect, it as plain } from 'vitest';
import { claimDigests } from '../src/digest/claim-digest';
import { digestPeriodKey } from '../src/digest/period-key';
import { queueNotificationDelivery, triggerDigestManually } from '../src/index';
import { type DigestFanOutResult, processDigestFanOut } from '../src/processors/digest-fan-out';
import { createNotification, createUser } from './fixtures/data';
import { notificationsTest } from './fixtures/notifications-test';
import { QUEUES, testModules } from './fixtures/workers';

/** Every test with the workers running; digests in batches of two, so a handful of users walks pages. */
const it = notificationsTest.extend('workers', { auto: true }, async ({ startRuntime, database, mailer }) =>
  startRuntime(testModules(), { db: database.db, mailer, digestBatchSize: 2 }),
);

const emailsTo = (smtp: { raw: Buffer[] }, address: string) =>
  smtp.raw.filter((m) => m.toString().includes(`To: ${address}`));

type Db = Parameters<typeof createUser>[0];

async function deliverAll(client: QueueClient, db: Db, ids: string[]): Promise<void> {
  for (const id of ids) await queueNotificationDelivery(id, { client });
  await until(
    async () => (await db.notification.count({ where: { id: { in: ids }, deliveredAt: null } })) === 0,
    15_000,
    'in-app delivery',
  );
  await untilIdle(client, QUEUES);
}

/** Runs a digest to the end; returns what the run reported. */
async function runDigest(client: QueueClient, frequency: 'DAILY' | 'WEEKLY'): Promise<DigestFanOutResult> {
  const { jobId } = await triggerDigestManually(frequency, { client });
  await until(
    async () => (await client.queue('notification-digest').getJobState(jobId)) === 'completed',
    15_000,
    `the ${frequency} run`,
  );
  await untilIdle(client, QUEUES);
  return (await client.queue('notification-digest').getJob(jobId))!.returnvalue as DigestFanOutResult;
}

describe('digests', () => {
  it('hold a DAILY user’s mail for the daily run, send one digest with all of it, and nothing on a second run', async ({
    client,
    database,
    smtp,
  }) => {
    const daily = await createUser(database.db, { frequency: 'DAILY', name: 'Dee' });
    const weekly = await createUser(database.db, { frequency: 'WEEKLY', name: 'Wes' });
    const dailyIds: string[] = [];
    for (const title of ['License Approved', 'Payout Processed', 'Project Updated']) {
      dailyIds.push((await createNotification(database.db, daily.id, { title, message: `${title}!` })).id);
    }
    const weeklyIds = [(await createNotification(database.db, weekly.id, { title: 'Weekly thing' })).id];
    await deliverAll(client, database.db, [...dailyIds, ...weeklyIds]);
    expect(emailsTo(smtp, daily.email)).toHaveLength(0);
    expect(emailsTo(smtp, weekly.email)).toHaveLength(0);

    await runDigest(client, 'DAILY');
    expect(emailsTo(smtp, daily.email)).toHaveLength(1);
    const [mail] = (await smtp.parsed()).filter((m) => JSON.stringify(m.to).includes(daily.email));
    expect(mail?.subject).toBe('Your daily YesGoddess digest: 3 new notifications');
    for (const title of ['License Approved', 'Payout Processed', 'Project Updated']) {
      expect(mail?.text).toContain(title);
      expect(String(mail?.html)).toContain(title);
    }
    const digests = await database.db.notificationDigest.findMany({ where: { userId: daily.id } });
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ frequency: 'DAILY', periodKey: digestPeriodKey('DAILY', new Date()) });
    expect(digests[0]!.sentAt).not.toBeNull();
    // On record as finished: the sweep has no run to resume.
    const run = await database.db.digestRun.findUniqueOrThrow({
      where: { frequency_periodKey: { frequency: 'DAILY', periodKey: digests[0]!.periodKey! } },
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    const claimed = await database.db.notification.findMany({ where: { id: { in: dailyIds } } });
    expect(claimed.map((n) => [n.digestId, n.emailStatus])).toEqual(
      dailyIds.map(() => [digests[0]!.id, 'SENT']),
    );

    // The WEEKLY user is left for the weekly run.
    expect(emailsTo(smtp, weekly.email)).toHaveLength(0);
    const waiting = await database.db.notification.findUniqueOrThrow({ where: { id: weeklyIds[0]! } });
    expect(waiting).toMatchObject({ emailStatus: 'DIGEST_PENDING', digestId: null });

    await runDigest(client, 'DAILY');
    expect(emailsTo(smtp, daily.email)).toHaveLength(1);
    expect(await database.db.notificationDigest.count({ where: { userId: daily.id } })).toBe(1);

    await runDigest(client, 'WEEKLY');
    expect(emailsTo(smtp, weekly.email)).toHaveLength(1);
    expect(emailsTo(smtp, daily.email)).toHaveLength(1);
  });

  it('walks every opted-in user in batches and skips users with nothing waiting', async ({
    client,
    database,
    smtp,
  }) => {
    const users = await Promise.all(
      [1, 2, 3, 4, 5].map(() => createUser(database.db, { frequency: 'DAILY' })),
    );
    const idle = await createUser(database.db, { frequency: 'DAILY' });
    const ids: string[] = [];
    for (const user of users) {
      for (let i = 0; i < 2; i++)
        ids.push((await createNotification(database.db, user.id, { title: `N${i}` })).id);
    }
    await deliverAll(client, database.db, ids);
    await runDigest(client, 'DAILY');
    for (const user of users) expect(emailsTo(smtp, user.email)).toHaveLength(1);
    expect(emailsTo(smtp, idle.email)).toHaveLength(0);
    expect(await database.db.notificationDigest.count({ where: { userId: idle.id } })).toBe(0);
  });

  it('put each notification in exactly one digest when one user’s job runs twice', async ({
    client,
    database,
    smtp,
  }) => {
    const user = await createUser(database.db, { frequency: 'WEEKLY' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await createNotification(database.db, user.id, { title: `W${i}` })).id);
    await deliverAll(client, database.db, ids);
    const periodKey = digestPeriodKey('WEEKLY', new Date());
    // The same job twice, as a retry or a second trigger would: the second finds the digest closed.
    await client.enqueue(notificationDigestUser, { userId: user.id, frequency: 'WEEKLY', periodKey });
    await untilIdle(client, QUEUES);
    await client.enqueue(notificationDigestUser, { userId: user.id, frequency: 'WEEKLY', periodKey });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(1);
    const digests = await database.db.notificationDigest.findMany({ where: { userId: user.id } });
    expect(digests).toHaveLength(1);
    const notifications = await database.db.notification.findMany({ where: { id: { in: ids } } });
    expect(new Set(notifications.map((n) => n.digestId))).toEqual(new Set([digests[0]!.id]));

    // A notification arriving after this period's digest went out waits for the next period.
    const late = await createNotification(database.db, user.id, { title: 'Late' });
    await deliverAll(client, database.db, [late.id]);
    await client.enqueue(notificationDigestUser, { userId: user.id, frequency: 'WEEKLY', periodKey });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(1);
    expect(await database.db.notification.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({
      emailStatus: 'DIGEST_PENDING',
      digestId: null,
    });
    const next = digestPeriodKey('WEEKLY', new Date(Date.now() + 7 * 86_400_000));
    await client.enqueue(notificationDigestUser, { userId: user.id, frequency: 'WEEKLY', periodKey: next });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(2);
  });

  it('send the rest of a batch when one user’s address is refused, and record that one FAILED', async ({
    client,
    database,
    smtp,
  }) => {
    const refused = await createUser(database.db, {
      frequency: 'WEEKLY',
      email: `ops.${Date.now()}@localhost`,
    });
    const others = await Promise.all([1, 2, 3].map(() => createUser(database.db, { frequency: 'WEEKLY' })));
    const ids: string[] = [];
    for (const user of [refused, ...others]) {
      ids.push((await createNotification(database.db, user.id, { title: 'Weekly news' })).id);
    }
    await deliverAll(client, database.db, ids);

    expect(await runDigest(client, 'WEEKLY')).toMatchObject({ users: 4, refused: 1 });
    for (const user of others) expect(emailsTo(smtp, user.email)).toHaveLength(1);
    expect(emailsTo(smtp, refused.email)).toHaveLength(0);
    expect(await database.db.notification.findUniqueOrThrow({ where: { id: ids[0]! } })).toMatchObject({
      emailStatus: 'FAILED',
    });
    const [digest] = await database.db.notificationDigest.findMany({ where: { userId: refused.id } });
    const delivery = await database.db.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: `digest:${digest!.id}` },
    });
    expect(delivery).toMatchObject({ status: 'FAILED', recipient: refused.email });
    expect(delivery.lastError).toContain('to: Invalid email address');

    // The same user's digest on demand finds it, is refused again, and says so.
    const { jobId } = await client.enqueue(notificationDigestUser, {
      userId: refused.id,
      frequency: 'WEEKLY',
    });
    await until(
      async () => (await client.queue(notificationDigestUser).getJobState(jobId)) === 'completed',
      15_000,
      'the user digest',
    );
    expect((await client.queue(notificationDigestUser).getJob(jobId))!.returnvalue).toEqual({
      status: 'refused',
      digestId: digest!.id,
      notifications: 1,
    });
    expect(emailsTo(smtp, refused.email)).toHaveLength(0);
  });

  it('queue again, on the run’s retry, the emails of digests its earlier attempt claimed', async ({
    client,
    database,
    mailer,
    smtp,
  }) => {
    const user = await createUser(database.db, { frequency: 'DAILY' });
    const ids = [
      (await createNotification(database.db, user.id, { title: 'Claimed, then the worker died' })).id,
    ];
    await deliverAll(client, database.db, ids);
    // The earlier attempt claimed this user's digest and died before queuing its email.
    const periodKey = digestPeriodKey('DAILY', new Date());
    await claimDigests(database.db, [user.id], 'DAILY', periodKey, new Date());
    const deps = { db: database.db, mailer, queues: client, clock: systemClock, logger: silentLogger };
    const attempt = (attemptsStarted: number) =>
      processDigestFanOut(
        {
          data: { frequency: 'DAILY' },
          attemptsStarted,
          attemptsMade: attemptsStarted - 1,
          updateProgress: async () => undefined,
        } as unknown as Job<NotificationDigestPayload>,
        deps,
      );

    // A first attempt walks users with unclaimed mail only: this one is not among them.
    expect(await attempt(1)).toMatchObject({ users: 0, resumed: 0 });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(0);

    expect(await attempt(2)).toMatchObject({ users: 0, resumed: 1 });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(1);
    expect(await database.db.notification.findUniqueOrThrow({ where: { id: ids[0]! } })).toMatchObject({
      emailStatus: 'SENT',
    });

    // A third attempt finds the digest sent: nothing more.
    expect(await attempt(3)).toMatchObject({ resumed: 0 });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(1);
  });

  it('send what waited to a user who switched to immediate email, and drop it for one who opted out', async ({
    client,
    database,
    smtp,
  }) => {
    const switched = await createUser(database.db, { frequency: 'WEEKLY' });
    const optedOut = await createUser(database.db, { frequency: 'DAILY' });
    const waiting = [
      (await createNotification(database.db, switched.id, { title: 'Held for the week' })).id,
      (await createNotification(database.db, optedOut.id, { title: 'Held for the day' })).id,
    ];
    await deliverAll(client, database.db, waiting);
    await database.db.notificationPreference.update({
      where: { userId: switched.id },
      data: { emailFrequency: 'IMMEDIATE' },
    });
    await database.db.notificationPreference.update({
      where: { userId: optedOut.id },
      data: { emailFrequency: 'NEVER' },
    });

    await runDigest(client, 'DAILY');

    expect(emailsTo(smtp, switched.email)).toHaveLength(1);
    expect(emailsTo(smtp, optedOut.email)).toHaveLength(0);
    const [sent, skipped] = await Promise.all(
      waiting.map((id) => database.db.notification.findUniqueOrThrow({ where: { id } })),
    );
    expect(sent?.emailStatus).toBe('SENT');
    expect(skipped).toMatchObject({ emailStatus: 'SKIPPED', digestId: null });
  });
});

describe('digestPeriodKey', () => {
  plain('names the UTC day, and the ISO week across a year boundary', () => {
    expect(digestPeriodKey('DAILY', new Date('2025-10-18T23:59:59Z'))).toBe('2025-10-18');
    expect(digestPeriodKey('WEEKLY', new Date('2025-10-13T09:00:00Z'))).toBe('2025-W42');
    expect(digestPeriodKey('WEEKLY', new Date('2024-12-30T09:00:00Z'))).toBe('2025-W01');
    expect(digestPeriodKey('WEEKLY', new Date('2027-01-01T09:00:00Z'))).toBe('2026-W53');
  });
});
