import { emailSend, type NotificationDigestUserPayload } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { renderDigestEmail } from '../templates/digest-email';
import { digestPeriodKey } from './period-key';

export type UserDigestResult =
  | { status: 'empty' | 'user-gone' }
  | { status: 'queued'; digestId: string; notifications: number };

/** The idempotency key of a digest's email. */
export function digestEmailKey(digestId: string): string {
  return `digest:${digestId}`;
}

/**
 * One user's digest. In one transaction: find or create the digest of (user, frequency,
 * period), lock it, and — unless its email was already recorded — claim every waiting
 * notification no digest holds yet with one conditional UPDATE (`digest_id IS NULL`), so each
 * lands in exactly one digest however often the run is triggered or the job retried; then record
 * the digest's email (the EmailDelivery row, which closes the digest to later claims). After
 * the commit the email is queued with the key `digest:<id>`; the email worker marks the digest
 * sent and its notifications SENT once it has gone out.
 */
export async function processUserDigest(
  job: Job<NotificationDigestUserPayload>,
  deps: ProcessorDeps,
): Promise<UserDigestResult> {
  const { db, queues, clock } = deps;
  const { userId, frequency } = job.data;
  const periodKey = job.data.periodKey ?? digestPeriodKey(frequency, clock.now());

  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, deletedAt: true },
  });
  if (!user || user.deletedAt) return { status: 'user-gone' };

  const prepared = await db.$transaction(async (tx) => {
    const digest = await tx.notificationDigest.upsert({
      where: { userId_frequency_periodKey: { userId, frequency, periodKey } },
      create: { userId, frequency, periodKey },
      update: {},
      select: { id: true },
    });
    // Two jobs for one digest (a retry overlapping a stalled attempt) take turns from here.
    await tx.$queryRaw`SELECT id FROM notification_digests WHERE id = ${digest.id} FOR UPDATE`;
    const key = digestEmailKey(digest.id);
    const recorded = await tx.emailDelivery.findUnique({
      where: { idempotencyKey: key },
      select: { id: true },
    });
    if (!recorded) {
      await tx.$executeRaw`
        UPDATE notifications SET digest_id = ${digest.id}, updated_at = now()
        WHERE user_id = ${userId} AND email_status = 'DIGEST_PENDING' AND digest_id IS NULL`;
    }
    const notifications = await tx.notification.findMany({
      where: { digestId: digest.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { title: true, message: true, createdAt: true },
    });
    if (notifications.length === 0) {
      // Nothing waited: no email, and no empty digest left behind.
      await tx.notificationDigest.delete({ where: { id: digest.id } });
      return undefined;
    }
    const rendered = renderDigestEmail({ frequency, recipient: user, notifications });
    if (!recorded) {
      await tx.emailDelivery.create({
        data: {
          idempotencyKey: key,
          userId,
          recipient: user.email,
          subject: rendered.subject,
          template: 'digest',
        },
      });
    }
    return { digestId: digest.id, key, rendered, count: notifications.length };
  });
  if (!prepared) return { status: 'empty' };

  // Queued again on a retry: the email job is deduplicated by its key, and sends at most once.
  await queues.enqueue(emailSend, {
    idempotencyKey: prepared.key,
    to: user.email,
    subject: prepared.rendered.subject,
    text: prepared.rendered.text,
    html: prepared.rendered.html,
    userId,
    template: prepared.rendered.template,
    source: { kind: 'digest', digestId: prepared.digestId },
  });
  return { status: 'queued', digestId: prepared.digestId, notifications: prepared.count };
}
