import type { PrismaClient } from '@yg/db';
import type { EmailSource } from '@yg/job-contracts';

/**
 * Records on the notification (or the digest and its notifications) that its email went out.
 * Guarded by the current state, so running it again changes nothing.
 */
export async function recordSourceSent(db: PrismaClient, source: EmailSource | undefined, at: Date) {
  if (!source) return;
  if (source.kind === 'notification') {
    await db.notification.updateMany({
      where: { id: source.notificationId, emailStatus: 'PENDING' },
      data: { emailStatus: 'SENT', emailedAt: at },
    });
    return;
  }
  await db.$transaction([
    db.notificationDigest.updateMany({ where: { id: source.digestId, sentAt: null }, data: { sentAt: at } }),
    db.notification.updateMany({
      where: { digestId: source.digestId, emailStatus: 'DIGEST_PENDING' },
      data: { emailStatus: 'SENT', emailedAt: at },
    }),
  ]);
}

/** Records that the email failed for good (refused, or out of attempts). */
export async function recordSourceFailed(db: PrismaClient, source: EmailSource | undefined) {
  if (!source) return;
  const where =
    source.kind === 'notification'
      ? { id: source.notificationId, emailStatus: 'PENDING' as const }
      : { digestId: source.digestId, emailStatus: 'DIGEST_PENDING' as const };
  await db.notification.updateMany({ where, data: { emailStatus: 'FAILED' } });
}
