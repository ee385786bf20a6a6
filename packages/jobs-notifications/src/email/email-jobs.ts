import type { DigestFrequency, EmailSendPayload } from '@yg/job-contracts';
import { renderDigestEmail } from '../templates/digest-email';
import { type NotificationEmailInput, renderNotificationEmail } from '../templates/notification-email';

// The email jobs of this package, built in one place: the delivery and digest jobs queue them,
// and the sweep rebuilds them from the database when their job was lost. The idempotency key is
// what keeps a rebuilt email from going out twice.

/** The idempotency key of a notification's own email: one email per notification, ever. */
export function notificationEmailKey(notificationId: string): string {
  return `notification:${notificationId}`;
}

/** The idempotency key of a digest's email. */
export function digestEmailKey(digestId: string): string {
  return `digest:${digestId}`;
}

/** A notification's own email (IMMEDIATE). */
export function notificationEmailJob(
  notification: NotificationEmailInput['notification'] & { userId: string },
  recipient: NotificationEmailInput['recipient'],
): EmailSendPayload {
  const rendered = renderNotificationEmail({ notification, recipient });
  return {
    idempotencyKey: notificationEmailKey(notification.id),
    to: recipient.email,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    userId: notification.userId,
    template: rendered.template,
    source: { kind: 'notification', notificationId: notification.id },
  };
}

/** A digest's email, listing the notifications it holds. */
export function digestEmailJob(digest: {
  digestId: string;
  userId: string;
  frequency: DigestFrequency;
  recipient: { email: string; name: string | null };
  notifications: readonly { title: string; message: string; createdAt: Date }[];
}): EmailSendPayload {
  const rendered = renderDigestEmail({
    frequency: digest.frequency,
    recipient: digest.recipient,
    notifications: digest.notifications,
  });
  return {
    idempotencyKey: digestEmailKey(digest.digestId),
    to: digest.recipient.email,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    userId: digest.userId,
    template: rendered.template,
    source: { kind: 'digest', digestId: digest.digestId },
  };
}
