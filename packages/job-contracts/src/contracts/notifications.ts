import type { z } from 'zod';
import { defineContract } from '../contract';
import { EmailAddress, EntityId, Text } from '../fields';
import { builtSchema, lazySchema } from '../lazy-schema';

export const NotificationDeliveryPayload = lazySchema((z) =>
  z.strictObject({ notificationId: builtSchema(EntityId) }),
);
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

export const DigestFrequency = lazySchema((z) => z.enum(['DAILY', 'WEEKLY']));
export type DigestFrequency = z.infer<typeof DigestFrequency>;

/** The period a digest run covers: `2025-10-18` for a day, `2025-W42` for an ISO week. */
export const DigestPeriodKey = lazySchema((z) =>
  z.string().regex(/^\d{4}-(\d{2}-\d{2}|W\d{2})$/, 'must be a day (YYYY-MM-DD) or an ISO week (YYYY-Www)'),
);

export const NotificationDigestPayload = lazySchema((z) =>
  z
    .strictObject({
      frequency: builtSchema(DigestFrequency),
      /**
       * The period to run, when it is not the current one: the sweep resumes a run Redis lost in
       * the period it started in, even once the clock has moved on. Without it the worker's clock
       * decides.
       */
      periodKey: builtSchema(DigestPeriodKey).optional(),
    })
    .refine((p) => p.periodKey === undefined || p.periodKey.includes('-W') === (p.frequency === 'WEEKLY'), {
      path: ['periodKey'],
      message: 'must be a day (YYYY-MM-DD) for DAILY and an ISO week (YYYY-Www) for WEEKLY',
    }),
);
export type NotificationDigestPayload = z.infer<typeof NotificationDigestPayload>;

/**
 * A digest run: claims each opted-in user's digest and queues its {@link emailSend} job, users in
 * batches.
 */
export const notificationDigest = defineContract({
  queue: 'notification-digest',
  name: 'digest',
  schema: NotificationDigestPayload,
  defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 } },
  deduplication: { id: (p) => `digest:${p.frequency}`, keepLastIfActive: false },
});

export const NotificationDigestUserPayload = lazySchema((z) =>
  z.strictObject({
    userId: builtSchema(EntityId),
    frequency: builtSchema(DigestFrequency),
    /**
     * The run's period, fixed by the fan-out so that a retry finds the same digest again. Without
     * it the worker derives it from its clock.
     */
    periodKey: builtSchema(DigestPeriodKey).optional(),
  }),
);
export type NotificationDigestUserPayload = z.infer<typeof NotificationDigestUserPayload>;

/**
 * One user's digest email, listing every notification not yet in a digest. A run no longer queues
 * one per user (it claims its users' digests in batches); kept for a digest on demand and for the
 * jobs an earlier version's runs queued.
 */
export const notificationDigestUser = defineContract({
  queue: 'notification-digest-user',
  name: 'digest-user',
  schema: NotificationDigestUserPayload,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
  deduplication: { id: (p) => `digest-user:${p.frequency}:${p.userId}`, keepLastIfActive: true },
});

export const NotificationSweepPayload = lazySchema((z) => z.strictObject({}));
export type NotificationSweepPayload = z.infer<typeof NotificationSweepPayload>;

/**
 * The sweep: finds notification work recorded in PostgreSQL but no longer queued (Redis lost its
 * data, or a job stalled for good) and queues it again. Scheduled every 5 minutes.
 */
export const notificationSweep = defineContract({
  queue: 'notification-sweep',
  name: 'sweep',
  schema: NotificationSweepPayload,
  defaultJobOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    // Runs every 5 minutes: keep fewer finished runs.
    removeOnComplete: { age: 86_400, count: 100 },
  },
  // One sweep waiting is enough: a second would walk the same rows.
  deduplication: { id: () => 'notification-sweep', keepLastIfActive: false },
});

/** The longest email `text` a job takes, in characters (256 KiB). */
export const EMAIL_TEXT_MAX = 256 * 1024;
/** The longest email `html` a job takes, in characters (512 KiB). */
export const EMAIL_HTML_MAX = 512 * 1024;

/** What an email is about, so that its sending can be recorded there too. */
export const EmailSource = lazySchema((z) =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('notification'), notificationId: builtSchema(EntityId) }),
    z.strictObject({ kind: z.literal('digest'), digestId: builtSchema(EntityId) }),
  ]),
);
export type EmailSource = z.infer<typeof EmailSource>;

export const EmailSendPayload = lazySchema((z) =>
  z.strictObject({
    /** Recorded in the database before the send; a second job with the same key sends nothing. */
    idempotencyKey: Text(191, { min: 1 }),
    to: builtSchema(EmailAddress),
    // A line break in a header value could smuggle in headers of its own (Bcc:, …). 998 is the
    // longest line RFC 5322 allows.
    subject: Text(998, { min: 1 }).refine((s) => !/[\r\n]/.test(s), 'must not contain line breaks'),
    /** At most 256 KiB of characters: far above any real email, small enough for Redis to keep. */
    text: Text(EMAIL_TEXT_MAX),
    /** At most 512 KiB of characters (markup doubles the size of the same text). */
    html: Text(EMAIL_HTML_MAX).optional(),
    /** The recipient's user id, recorded with the delivery. */
    userId: builtSchema(EntityId).optional(),
    /** The template's name, recorded with the delivery (e.g. `LICENSE_APPROVED`, `digest`). */
    template: Text(64, { min: 1 }).optional(),
    source: builtSchema(EmailSource).optional(),
  }),
);
export type EmailSendPayload = z.infer<typeof EmailSendPayload>;

/** Send one email over SMTP (rate-limited queue). */
export const emailSend = defineContract({
  queue: 'email-send',
  name: 'send',
  schema: EmailSendPayload,
  defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 5000 } },
  deduplication: { id: (p) => `email:${p.idempotencyKey}`, keepLastIfActive: false },
});

/** The most emails a digest mail batch holds. */
export const EMAIL_BATCH_MAX = 10;

export const EmailSendBatchPayload = lazySchema((z) =>
  z.strictObject({
    emails: z
      .array(builtSchema(EmailSendPayload))
      .min(1)
      .max(EMAIL_BATCH_MAX)
      .refine(
        (emails) => new Set(emails.map((e) => e.idempotencyKey)).size === emails.length,
        'must not hold two emails with the same idempotency key',
      ),
  }),
);
export type EmailSendBatchPayload = z.infer<typeof EmailSendBatchPayload>;

/**
 * Digest mail: up to {@link EMAIL_BATCH_MAX} emails of a digest run per job, each still claimed,
 * sent and recorded on its own, exactly as an {@link emailSend} job does it. A queue of its own,
 * with a rate limit of its own, so that a digest run's thousands of emails never wait in front of
 * a notification's immediate one; and one job per ten emails, so that the queue's own cost per
 * email (two Redis scripts a job) is a tenth. A retried batch sends again only what is still owed:
 * an email already sent, failed or in doubt is settled from its delivery row. Not deduplicated: a
 * batch queued twice (a digest run's retry) sends nothing twice for the same reason.
 */
export const emailSendBatch = defineContract({
  queue: 'email-send-batch',
  name: 'send-batch',
  schema: EmailSendBatchPayload,
  defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 5000 } },
});
