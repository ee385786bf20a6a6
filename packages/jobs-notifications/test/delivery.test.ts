import { connectTestRedis, until, untilIdle } from '@yg/testing';
import { describe, expect } from 'vitest';
import { type NotificationEvent, queueNotificationDelivery, userNotificationChannel } from '../src/index';
import { createNotification, createUser } from './fixtures/data';
import { notificationsTest } from './fixtures/notifications-test';
import { QUEUES, testModules } from './fixtures/workers';

/** Every test with the notification and email workers running, and its users' in-app events. */
const it = notificationsTest
  .extend('events', async ({ prefix }, { onCleanup }) => {
    const events: { channel: string; event: NotificationEvent }[] = [];
    const subscriber = connectTestRedis();
    onCleanup(() => subscriber.disconnect());
    subscriber.on('pmessage', (_pattern, channel, message) => {
      events.push({ channel, event: JSON.parse(message) as NotificationEvent });
    });
    await subscriber.psubscribe(`${prefix}:notifications:user:*`);
    return events;
  })
  .extend('workers', { auto: true }, async ({ startRuntime, database, mailer }) =>
    startRuntime(testModules(), { db: database.db, mailer }),
  );

const emailsTo = (smtp: { raw: Buffer[] }, address: string) =>
  smtp.raw.filter((m) => m.toString().includes(`To: ${address}`));

describe('notification delivery', () => {
  it('emails an IMMEDIATE user exactly once and publishes the in-app event on their channel', async ({
    client,
    database,
    events,
    prefix,
    smtp,
  }) => {
    const user = await createUser(database.db, { frequency: 'IMMEDIATE' });
    const n = await createNotification(database.db, user.id, { title: 'License Approved' });
    await queueNotificationDelivery(n.id, { client });

    await until(() => emailsTo(smtp, user.email).length === 1, 15_000, 'the email');
    await until(
      async () =>
        (await database.db.notification.findUnique({ where: { id: n.id } }))?.emailStatus === 'SENT',
    );
    const event = (await until(() => events.find((e) => e.event.notification.id === n.id)))!;
    expect(event.channel).toBe(userNotificationChannel(user.id, prefix));
    expect(event.event).toMatchObject({
      type: 'notification',
      notification: { id: n.id, userId: user.id, type: 'LICENSE_APPROVED', title: 'License Approved' },
    });

    const stored = await database.db.notification.findUniqueOrThrow({ where: { id: n.id } });
    expect(stored.deliveredAt).not.toBeNull();
    expect(stored.emailedAt).not.toBeNull();
    const delivery = await database.db.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: `notification:${n.id}` },
    });
    expect(delivery).toMatchObject({
      status: 'SENT',
      attempts: 1,
      userId: user.id,
      template: 'LICENSE_APPROVED',
    });

    const [mail] = (await smtp.parsed()).filter((m) => m.messageId === delivery.messageId);
    expect(mail?.subject).toBe('License Approved');
    expect(mail?.text).toContain('Your license has been approved');

    // Delivering it again changes nothing and sends nothing.
    const deliveredAt = stored.deliveredAt;
    await queueNotificationDelivery(n.id, { client });
    await untilIdle(client, QUEUES);
    expect(emailsTo(smtp, user.email)).toHaveLength(1);
    const again = await database.db.notification.findUniqueOrThrow({ where: { id: n.id } });
    expect(again.deliveredAt).toEqual(deliveredAt);
  });

  it('delivers in-app and records the email FAILED, naming why, when the address is not one the email queue takes', async ({
    client,
    database,
    events,
    smtp,
  }) => {
    // No dot in the domain: the email cannot go, the rest must.
    const user = await createUser(database.db, {
      frequency: 'IMMEDIATE',
      email: `ops.${Date.now()}@localhost`,
    });
    const n = await createNotification(database.db, user.id, { title: 'License Approved' });
    const { jobId } = await queueNotificationDelivery(n.id, { client });
    await untilIdle(client, QUEUES);

    expect((await client.queue('notification-delivery').getJob(jobId))!.returnvalue).toEqual({
      status: 'delivered',
      email: 'refused',
    });
    expect(await database.db.notification.findUniqueOrThrow({ where: { id: n.id } })).toMatchObject({
      deliveredAt: expect.any(Date),
      emailStatus: 'FAILED',
    });
    expect(events.some((e) => e.event.notification.id === n.id)).toBe(true);
    const delivery = await database.db.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: `notification:${n.id}` },
    });
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 0, recipient: user.email, userId: user.id });
    expect(delivery.lastError).toContain('to: Invalid email address');
    expect(emailsTo(smtp, user.email)).toHaveLength(0);
    expect(await client.queue('notification-delivery').getFailedCount()).toBe(0);
  });

  it('emails an internationalized address once, over SMTPUTF8', async ({ client, database, smtp }) => {
    const user = await createUser(database.db, {
      frequency: 'IMMEDIATE',
      email: `josé.${Date.now()}@münchen.example`,
    });
    const n = await createNotification(database.db, user.id, { title: 'License Approved' });
    await queueNotificationDelivery(n.id, { client });
    await untilIdle(client, QUEUES);

    expect(emailsTo(smtp, user.email)).toHaveLength(1);
    expect(await database.db.notification.findUniqueOrThrow({ where: { id: n.id } })).toMatchObject({
      emailStatus: 'SENT',
    });
  });

  it('emails a user who never saved preferences at once', async ({ client, database, smtp }) => {
    const user = await createUser(database.db);
    const n = await createNotification(database.db, user.id, {
      type: 'PAYOUT_COMPLETED',
      title: 'Payout Processed',
      message: 'Your payout of $120.5 has been processed',
      metadata: { payoutId: 'po_1', amount: 120.5 },
    });
    await queueNotificationDelivery(n.id, { client });
    await until(() => emailsTo(smtp, user.email).length === 1, 15_000, 'the email');
    const [mail] = (await smtp.parsed()).filter((m) => m.subject === 'Payout Processed');
    expect(mail?.text).toContain('Amount: $120.50');
  });

  it('holds a DAILY or WEEKLY user’s email for the digest, and skips NEVER and muted types', async ({
    client,
    database,
    events,
    smtp,
  }) => {
    const daily = await createUser(database.db, { frequency: 'DAILY' });
    const weekly = await createUser(database.db, { frequency: 'WEEKLY' });
    const never = await createUser(database.db, { frequency: 'NEVER' });
    const muted = await createUser(database.db, { frequency: 'IMMEDIATE', mutedTypes: ['PROJECT_UPDATED'] });
    const ids = await Promise.all(
      [daily, weekly, never, muted].map(async (u) => {
        const n = await createNotification(database.db, u.id, {
          type: 'PROJECT_UPDATED',
          title: 'Project Updated',
        });
        await queueNotificationDelivery(n.id, { client });
        return n.id;
      }),
    );
    await until(
      async () =>
        (await database.db.notification.count({ where: { id: { in: ids }, deliveredAt: { not: null } } })) ===
        4,
      15_000,
      'all four delivered in-app',
    );
    await untilIdle(client, QUEUES);
    const statuses = await database.db.notification.findMany({ where: { id: { in: ids } } });
    const byUser = Object.fromEntries(statuses.map((n) => [n.userId, n.emailStatus]));
    expect(byUser).toEqual({
      [daily.id]: 'DIGEST_PENDING',
      [weekly.id]: 'DIGEST_PENDING',
      [never.id]: 'SKIPPED',
      [muted.id]: 'SKIPPED',
    });
    for (const u of [daily, weekly, never, muted]) expect(emailsTo(smtp, u.email)).toHaveLength(0);
    // Every one of them still got the in-app event. Awaited: on a Redis Cluster a PUBLISH reaches
    // a subscriber on another node over the cluster bus, after the publisher has its reply.
    await until(
      () => ids.every((id) => events.some((e) => e.event.notification.id === id)),
      5000,
      'the in-app event of each',
    );
  });

  it('escapes a <script> in the title in the HTML part, and keeps the subject one line', async ({
    client,
    database,
    smtp,
  }) => {
    const user = await createUser(database.db);
    const n = await createNotification(database.db, user.id, {
      type: 'PROJECT_UPDATED',
      title: 'Hi <script>alert("x")</script>\r\nBcc: eve@example.com',
      message: 'Project "<b>Moon</b>" & more',
      metadata: { projectId: '<img src=x onerror=alert(1)>' },
    });
    await queueNotificationDelivery(n.id, { client });
    await until(() => emailsTo(smtp, user.email).length === 1, 15_000, 'the email');
    const headers = emailsTo(smtp, user.email)[0]!
      .toString()
      .split(/\r?\n\r?\n/)[0]!;
    expect(headers).toMatch(/^Subject: /m);
    expect(headers).not.toMatch(/^Bcc:/im);
    const [mail] = (await smtp.parsed()).filter((m) => m.to && JSON.stringify(m.to).includes(user.email));
    expect(mail?.bcc).toBeUndefined();
    expect(mail?.subject).toBe('Hi <script>alert("x")</script> Bcc: eve@example.com');
    const html = String(mail?.html);
    expect(html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Project &quot;&lt;b&gt;Moon&lt;/b&gt;&quot; &amp; more');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
  });

  it('fails a notification id that does not exist at once, saying which', async ({ client }) => {
    const { jobId } = await queueNotificationDelivery('ntf_does_not_exist', { client });
    const queue = client.queue('notification-delivery');
    await until(async () => (await queue.getJobState(jobId)) === 'failed', 15_000, 'the job to fail');
    const job = await queue.getJob(jobId);
    expect(job?.failedReason).toBe('Notification ntf_does_not_exist does not exist; nothing to deliver');
    expect(job?.attemptsMade).toBe(1);
  });
});
