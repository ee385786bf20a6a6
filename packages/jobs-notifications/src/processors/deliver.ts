import type { NotificationDeliveryPayload } from '@yg/job-contracts';
import { UnrecoverableError } from '@yg/queue-core';
import type { Job } from 'bullmq';
import { chooseEmail, type EmailChoice } from '../delivery/email-choice';
import type { ProcessorDeps } from '../deps';
import { notificationEmailJob } from '../email/email-jobs';
import { queueEmails } from '../email/queue-emails';
import { type NotificationEvent, userNotificationChannel } from '../realtime/channel';

export type DeliveryResult =
  | { status: 'already-delivered' }
  /** `refused`: the email queue refused the email (the address, say), recorded FAILED. */
  | { status: 'delivered'; email: EmailChoice['kind'] | 'refused' | 'already-decided' };

/**
 * Delivers one notification: decides its email (queued now, held for the digest, or skipped),
 * publishes the in-app event, and marks it delivered last. A crash before that mark repeats the
 * steps, each idempotent (the email by its key, the status by a conditional update); once the
 * mark is set, running the job again changes nothing and sends nothing.
 */
export async function processDelivery(
  job: Job<NotificationDeliveryPayload>,
  deps: ProcessorDeps,
): Promise<DeliveryResult> {
  const { db, queues, clock } = deps;
  const { notificationId } = job.data;
  const notification = await db.notification.findUnique({
    where: { id: notificationId },
    include: {
      user: {
        select: {
          email: true,
          name: true,
          deletedAt: true,
          notificationPreference: { select: { emailFrequency: true, mutedTypes: true } },
        },
      },
    },
  });
  if (!notification) {
    throw new UnrecoverableError(`Notification ${notificationId} does not exist; nothing to deliver`);
  }
  if (notification.deliveredAt) return { status: 'already-delivered' };

  const { user } = notification;
  let email: EmailChoice['kind'] | 'refused' | 'already-decided' = 'already-decided';
  // Only a notification whose email is still undecided gets a decision (the web app may have
  // created it SKIPPED, or an earlier attempt decided already).
  if (notification.emailStatus === 'PENDING') {
    const choice = chooseEmail(notification.type, {
      deletedAt: user.deletedAt,
      preference: user.notificationPreference,
    });
    email = choice.kind;
    if (choice.kind === 'immediate') {
      const refused = await queueEmails(deps, [notificationEmailJob(notification, user)]);
      if (refused.size > 0) email = 'refused';
    } else {
      await db.notification.updateMany({
        where: { id: notification.id, emailStatus: 'PENDING' },
        data: { emailStatus: choice.kind === 'digest' ? 'DIGEST_PENDING' : 'SKIPPED' },
      });
    }
  }

  const event: NotificationEvent = {
    type: 'notification',
    notification: {
      id: notification.id,
      userId: notification.userId,
      type: notification.type,
      title: notification.title,
      message: notification.message,
      metadata: notification.metadata,
      createdAt: notification.createdAt.toISOString(),
    },
  };
  const publisher = deps.publisher ?? queues.producerConnection();
  await publisher.publish(
    userNotificationChannel(notification.userId, queues.config.prefix),
    JSON.stringify(event),
  );

  await db.notification.updateMany({
    where: { id: notification.id, deliveredAt: null },
    data: { deliveredAt: clock.now() },
  });
  return { status: 'delivered', email };
}
