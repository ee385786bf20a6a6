import { randomUUID } from 'node:crypto';
import {
  emailSendBatch,
  type NotificationSweepPayload,
  notificationDigest,
  notificationSweep,
} from '@yg/job-contracts';
import { type QueueClient, schedulesOf, silentLogger, syncSchedules, systemClock } from '@yg/queue-core';
import { deleteKeys, until, untilIdle } from '@yg/testing';
import type { Job } from 'bullmq';
import { describe, expect } from 'vitest';
import { messageIdFor } from '../src/email/message-id';
import { queueNotificationDelivery } from '../src/index';
import { notificationsModule } from '../src/module';
import { processNotificationSweep } from '../src/processors/sweep';
import type { SweepResult } from '../src/worker';
import { createNotification, createUser } from './fixtures/data';
import { notificationsTest as it } from './fixtures/notifications-test';
import { QUEUES, testModules } from './fixtures/workers';

const FROM = 'YesGoddess <no-reply@example.com>';
const copies = (smtp: { raw: Buffer[] }, key: string) =>
  smtp.raw.filter((m) => m.toString().includes(`Message-ID: ${messageIdFor(key, FROM)}`)).length;

describe('the notification sweep', () => {
  it('queues again what PostgreSQL holds and Redis lost: every notification delivered, every email sent once', async ({
    client,
    database,
    mailer,
    prefix,
    redis,
    smtp,
    startRuntime,
  }) => {
    const { db } = database;
    const longAgo = new Date(Date.now() - 3_600_000);

    // (a) Created and queued, but Redis loses the delivery job before any worker ran it.
    const immediate = await createUser(db, { frequency: 'IMMEDIATE' });
    const lost = await createNotification(db, immediate.id, { title: 'Lost delivery' });
    await queueNotificationDelivery(lost.id, { client });

    // (b) Delivered, its email put back PENDING (after a 4xx, between retries) when Redis lost the job…
    const waiting = await createNotification(db, immediate.id, { title: 'Waiting email' });
    await db.notification.update({ where: { id: waiting.id }, data: { deliveredAt: longAgo } });
    await db.emailDelivery.create({
      data: {
        idempotencyKey: `notification:${waiting.id}`,
        recipient: immediate.email,
        subject: 'Waiting email',
        status: 'PENDING',
        updatedAt: longAgo,
      },
    });
    // … and one whose email job was lost before it ran (no row at all).
    const unsent = await createNotification(db, immediate.id, { title: 'Unsent email' });
    await db.notification.update({ where: { id: unsent.id }, data: { deliveredAt: longAgo } });

    // A digest that claimed two notifications, its email job lost.
    const daily = await createUser(db, { frequency: 'DAILY' });
    const digest = await db.notificationDigest.create({
      data: { userId: daily.id, frequency: 'DAILY', periodKey: '2026-11-30', createdAt: longAgo },
    });
    for (const title of ['First in digest', 'Second in digest']) {
      const n = await createNotification(db, daily.id, { title });
      await db.notification.update({
        where: { id: n.id },
        data: { deliveredAt: longAgo, emailStatus: 'DIGEST_PENDING', digestId: digest.id },
      });
    }

    // (c) An email claimed by an attempt that died for good, long ago.
    const stuckKey = `stuck:${randomUUID()}`;
    await db.emailDelivery.create({
      data: {
        idempotencyKey: stuckKey,
        recipient: immediate.email,
        subject: 'Stuck',
        status: 'SENDING',
        attempts: 1,
        updatedAt: longAgo,
      },
    });

    // Redis loses its data.
    await deleteKeys(redis, prefix);
    expect(await client.queue('notification-delivery').getJobCounts('waiting')).toEqual({ waiting: 0 });

    // No grace: everything above is "old" to this sweep.
    await startRuntime(testModules(), { db, mailer, sweep: { graceMs: 0 } });
    const first = await runSweep(client);
    expect(first).toMatchObject({ deliveries: 1, notificationEmails: 2, digestEmails: 1, unconfirmed: 1 });

    const keys = [
      `notification:${lost.id}`,
      `notification:${waiting.id}`,
      `notification:${unsent.id}`,
      `digest:${digest.id}`,
    ];
    await until(
      async () =>
        (await db.emailDelivery.count({ where: { idempotencyKey: { in: keys }, status: 'SENT' } })) ===
        keys.length,
      30_000,
      'every email sent',
    );
    await untilIdle(client, QUEUES);
    for (const key of keys) expect(copies(smtp, key), key).toBe(1);
    expect(copies(smtp, stuckKey)).toBe(0);
    expect(await db.emailDelivery.findUniqueOrThrow({ where: { idempotencyKey: stuckKey } })).toMatchObject({
      status: 'UNCONFIRMED',
    });
    expect(
      await db.notification.count({ where: { userId: { in: [immediate.id, daily.id] }, deliveredAt: null } }),
    ).toBe(0);
    expect(
      await db.notification.count({
        where: { userId: { in: [immediate.id, daily.id] }, emailStatus: { not: 'SENT' } },
      }),
    ).toBe(0);
    const [digestMail] = (await smtp.parsed()).filter(
      (m) => m.messageId === messageIdFor(`digest:${digest.id}`, FROM),
    );
    expect(digestMail?.text).toContain('First in digest');
    expect(digestMail?.text).toContain('Second in digest');

    // A second sweep finds nothing left to do, and nothing goes out again.
    const sent = smtp.raw.length;
    expect(await runSweep(client)).toMatchObject({
      deliveries: 0,
      notificationEmails: 0,
      digestEmails: 0,
      unconfirmed: 0,
    });
    await untilIdle(client, QUEUES);
    expect(smtp.raw.length).toBe(sent);
  });

  it('records FAILED an owed email whose address the email queue refuses, and sends the rest of its batch', async ({
    client,
    database,
    mailer,
    smtp,
    startRuntime,
  }) => {
    const { db } = database;
    const longAgo = new Date(Date.now() - 3_600_000);
    const refused = await createUser(db, { frequency: 'IMMEDIATE', email: `ops.${Date.now()}@localhost` });
    const fine = await createUser(db, { frequency: 'IMMEDIATE' });
    const owed = [];
    for (const user of [refused, fine]) {
      // Delivered, its email job lost before it ran.
      const n = await createNotification(db, user.id, { title: 'Owed email' });
      await db.notification.update({ where: { id: n.id }, data: { deliveredAt: longAgo } });
      owed.push(n);
    }

    await startRuntime(testModules(), { db, mailer, sweep: { graceMs: 0 } });
    expect(await runSweep(client)).toMatchObject({ notificationEmails: 2 });
    await untilIdle(client, QUEUES);

    expect(copies(smtp, `notification:${owed[1]!.id}`)).toBe(1);
    expect(await db.notification.findUniqueOrThrow({ where: { id: owed[0]!.id } })).toMatchObject({
      emailStatus: 'FAILED',
    });
    expect(
      await db.emailDelivery.findUniqueOrThrow({ where: { idempotencyKey: `notification:${owed[0]!.id}` } }),
    ).toMatchObject({
      status: 'FAILED',
      attempts: 0,
      lastError: expect.stringContaining('to: Invalid email'),
    });
    // Settled: the next sweep does not find it again.
    expect(await runSweep(client)).toMatchObject({ notificationEmails: 0 });
  });
});

describe('the notification sweep and queued digest mail', () => {
  it('leaves an owed digest email alone while digest mail is queued, and queues it once that has drained', async ({
    client,
    database,
    mailer,
    startRuntime,
    onTestFinished,
  }) => {
    const { db } = database;
    const longAgo = new Date(Date.now() - 3_600_000);
    const daily = await createUser(db, { frequency: 'DAILY' });
    // Its digest stays owed (no email worker here): gone with its user, so that the file's other
    // tests, in any order, sweep only what they made.
    onTestFinished(async () => {
      await db.user.delete({ where: { id: daily.id } });
    });
    const digest = await db.notificationDigest.create({
      data: { userId: daily.id, frequency: 'DAILY', periodKey: '2026-11-29', createdAt: longAgo },
    });
    const n = await createNotification(db, daily.id, { title: 'Waiting in a backlog' });
    await db.notification.update({
      where: { id: n.id },
      data: { deliveredAt: longAgo, emailStatus: 'DIGEST_PENDING', digestId: digest.id },
    });
    // A run's backlog: digest mail still queued (no email worker here to take it).
    const backlog = {
      idempotencyKey: 'digest:backlog',
      to: 'backlog@example.com',
      subject: 'Digest',
      text: 'Digest',
    };
    await client.enqueue(emailSendBatch, { emails: [backlog] });
    const [notifications] = testModules();
    await startRuntime([notifications!], { db, mailer, sweep: { graceMs: 0 } });

    expect(await runSweep(client)).toMatchObject({ digestEmails: 0 });
    const batches = client.queue(emailSendBatch);
    expect(await batches.getJobCountByTypes('waiting')).toBe(1);

    await batches.obliterate({ force: true });
    expect(await runSweep(client)).toMatchObject({ digestEmails: 1 });
    const [queued] = await batches.getJobs(['waiting']);
    expect(queued?.data.emails.map((e) => e.idempotencyKey)).toEqual([`digest:${digest.id}`]);
  });
});

describe('the notification sweep and digest runs', () => {
  it('resumes in its period a run whose job Redis lost mid-walk: every waiting user gets one digest', async ({
    client,
    database,
    mailer,
    smtp,
    startRuntime,
    onTestFinished,
  }) => {
    const { db } = database;
    const longAgo = new Date(Date.now() - 3_600_000);
    // Not today: the run resumes in the period it started in, whatever the clock says now.
    const period = '2026-11-27';
    // The file's tests share the database, in any order: no run of this test's outlives it.
    onTestFinished(async () => {
      await db.digestRun.deleteMany({ where: { periodKey: { in: [period, '2026-W47', '2026-W48'] } } });
    });
    const users = [];
    for (let i = 0; i < 3; i++) {
      const user = await createUser(db, { frequency: 'DAILY' });
      const n = await createNotification(db, user.id, { title: `Waiting ${i}` });
      await db.notification.update({
        where: { id: n.id },
        data: { createdAt: longAgo, deliveredAt: longAgo, emailStatus: 'DIGEST_PENDING' },
      });
      users.push(user);
    }
    // The run claimed the first user's digest; then Redis lost the run's job and that email's.
    await db.digestRun.create({ data: { frequency: 'DAILY', periodKey: period, startedAt: longAgo } });
    const walked = await db.notificationDigest.create({
      data: { userId: users[0]!.id, frequency: 'DAILY', periodKey: period, createdAt: longAgo },
    });
    await db.notification.updateMany({ where: { userId: users[0]!.id }, data: { digestId: walked.id } });
    // An older weekly run that never finished, superseded by one that did: nothing to resume.
    await db.digestRun.createMany({
      data: [
        {
          frequency: 'WEEKLY',
          periodKey: '2026-W47',
          startedAt: new Date(longAgo.getTime() - 7 * 86_400_000),
        },
        { frequency: 'WEEKLY', periodKey: '2026-W48', startedAt: longAgo, finishedAt: longAgo },
      ],
    });

    await startRuntime(testModules(), { db, mailer, sweep: { graceMs: 0 } });
    expect(await runSweep(client)).toMatchObject({ digestRuns: 1 });
    await until(
      async () =>
        (
          await db.digestRun.findUniqueOrThrow({
            where: { frequency_periodKey: { frequency: 'DAILY', periodKey: period } },
          })
        ).finishedAt !== null,
      30_000,
      'the resumed run',
    );
    await untilIdle(client, QUEUES);

    const ids = users.map((u) => u.id);
    const digests = await db.notificationDigest.findMany({ where: { userId: { in: ids } } });
    expect(digests.map((d) => [d.userId, d.periodKey]).sort()).toEqual(ids.map((id) => [id, period]).sort());
    for (const digest of digests) expect(copies(smtp, `digest:${digest.id}`), digest.userId).toBe(1);
    expect(
      await db.notification.count({ where: { userId: { in: ids }, emailStatus: { not: 'SENT' } } }),
    ).toBe(0);

    // Finished now: the next sweep resumes nothing, and nothing goes out again.
    const sent = smtp.raw.length;
    expect(await runSweep(client)).toMatchObject({ digestRuns: 0, digestEmails: 0 });
    await untilIdle(client, QUEUES);
    expect(smtp.raw.length).toBe(sent);
  });

  it('leaves a run its queue still holds (waiting, or in a retry’s backoff) to that job', async ({
    client,
    database,
    mailer,
    onTestFinished,
  }) => {
    const { db } = database;
    onTestFinished(async () => {
      await db.digestRun.deleteMany({ where: { periodKey: '2026-W49' } });
    });
    // No worker: the sweep is called as the worker would call it, and the queue is left as it is.
    const sweep = () =>
      processNotificationSweep({} as Job<NotificationSweepPayload>, {
        db,
        mailer,
        queues: client,
        clock: systemClock,
        logger: silentLogger,
        sweep: { graceMs: 0 },
      });
    await db.digestRun.create({
      data: { frequency: 'WEEKLY', periodKey: '2026-W49', startedAt: new Date(Date.now() - 60_000) },
    });
    const runs = client.queue(notificationDigest);
    await runs.obliterate({ force: true });
    // The scheduler's next run, not started yet: not the run in the table.
    const weekly = schedulesOf(notificationsModule).filter(({ id }) => id === 'digest-weekly');
    await syncSchedules(client, weekly, [], silentLogger);
    // The run itself, waiting for a worker.
    const waiting = await runs.add('digest', { frequency: 'WEEKLY' });
    expect(await sweep()).toMatchObject({ digestRuns: 0 });
    expect(await runs.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 1, delayed: 1 });

    await waiting.remove();
    expect(await sweep()).toMatchObject({ digestRuns: 1 });
    const [resumed] = await runs.getJobs(['waiting']);
    expect(resumed?.data).toEqual({ frequency: 'WEEKLY', periodKey: '2026-W49' });
  });
});

async function runSweep(client: QueueClient): Promise<SweepResult> {
  const { jobId } = await client.enqueue(notificationSweep, {});
  const queue = client.queue(notificationSweep);
  await until(async () => (await queue.getJobState(jobId)) === 'completed', 30_000, 'the sweep');
  return (await queue.getJob(jobId))!.returnvalue as SweepResult;
}
