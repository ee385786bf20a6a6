import { z } from 'zod';
import { defineContract } from '../contract';
import { EntityId } from '../fields';

export const NotificationDeliveryPayload = z.strictObject({ notificationId: EntityId });
export type NotificationDeliveryPayload = z.infer<typeof NotificationDeliveryPayload>;

/** Deliver one notification: in-app at once, email by the user's preference. */
export const notificationDelivery = defineContract({
  queue: 'notification-delivery',
  name: 'deliver',
  schema: NotificationDeliveryPayload,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // Delivery is idempotent by state, so duplicates only cost work: collapse them.
  deduplication: { id: (p) => `notification:${p.notificationId}`, keepLastIfActive: false },
});

export const DigestFrequency = z.enum(['DAILY', 'WEEKLY']);
export type DigestFrequency = z.infer<typeof DigestFrequency>;

export const NotificationDigestPayload = z.strictObject({ frequency: DigestFrequency });
export type NotificationDigestPayload = z.infer<typeof NotificationDigestPayload>;

/** A digest run: fans out one {@link notificationDigestUser} job per opted-in user. */
export const notificationDigest = defineContract({
  queue: 'notification-digest',
  name: 'digest',
  schema: NotificationDigestPayload,
  defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 } },
  deduplication: { id: (p) => `digest:${p.frequency}`, keepLastIfActive: false },
});

export const NotificationDigestUserPayload = z.strictObject({
  userId: EntityId,
  frequency: DigestFrequency,
});
export type NotificationDigestUserPayload = z.infer<typeof NotificationDigestUserPayload>;

/** One user's digest email, listing every notification not yet in a digest. */
export const notificationDigestUser = defineContract({
  queue: 'notification-digest-user',
  name: 'digest-user',
  schema: NotificationDigestUserPayload,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
  deduplication: { id: (p) => `digest-user:${p.frequency}:${p.userId}`, keepLastIfActive: true },
});

export const EmailSendPayload = z.strictObject({
  /** Recorded in the database before the send; a second job with the same key sends nothing. */
  idempotencyKey: z.string().min(1).max(191),
  to: z.email(),
  subject: z.string().min(1).max(998),
  text: z.string(),
  html: z.string().optional(),
});
export type EmailSendPayload = z.infer<typeof EmailSendPayload>;

/** Send one email over SMTP (rate-limited queue). */
export const emailSend = defineContract({
  queue: 'email-send',
  name: 'send',
  schema: EmailSendPayload,
  defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 5000 } },
  deduplication: { id: (p) => `email:${p.idempotencyKey}`, keepLastIfActive: false },
});
