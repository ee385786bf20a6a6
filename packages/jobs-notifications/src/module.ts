import {
  EMAIL_BATCH_MAX,
  emailSend,
  emailSendBatch,
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
  notificationSweep,
} from '@yg/job-contracts';
import { defineJobModule } from '@yg/queue-core';
import type { NotificationsDeps } from './deps';
import type { MailConfig } from './mail-config';
import { processDelivery } from './processors/deliver';
import { processDigestFanOut } from './processors/digest-fan-out';
import { processEmailSend } from './processors/send-email';
import { createEmailBatchProcessor } from './processors/send-email-batch';
import { processNotificationSweep } from './processors/sweep';
import { processUserDigest } from './processors/user-digest';

/** Every day at 09:00 UTC. */
export const DAILY_DIGEST_CRON = '0 9 * * *';
/** Mondays at 09:00 UTC. */
export const WEEKLY_DIGEST_CRON = '0 9 * * 1';
/** Every 5 minutes (UTC): the sweep that queues again what Redis lost. */
export const NOTIFICATION_SWEEP_CRON = '*/5 * * * *';

export interface NotificationsModuleOptions {
  /** When the sweep runs (cron, UTC). @defaultValue {@link NOTIFICATION_SWEEP_CRON} */
  sweepPattern?: string;
}

/**
 * Health group `notifications`: delivery, the daily and weekly digests, and the sweep that queues
 * again work PostgreSQL holds but Redis lost, with their crons. The worker app builds it from
 * `loadSweepConfig()` (`NOTIFICATION_SWEEP_CRON`); {@link notificationsModule} is the default.
 */
export function createNotificationsModule(options: NotificationsModuleOptions = {}) {
  return defineJobModule<NotificationsDeps>()({
    group: 'notifications',
    processors: {
      deliver: { contract: notificationDelivery, process: processDelivery, concurrency: 20 },
      // One fan-out at a time: two would walk the same users and enqueue everything twice.
      digest: { contract: notificationDigest, process: processDigestFanOut, serial: true },
      digestUser: { contract: notificationDigestUser, process: processUserDigest, concurrency: 50 },
      // One sweep at a time: two would walk the same rows and queue everything twice.
      sweep: { contract: notificationSweep, process: processNotificationSweep, serial: true },
    },
    schedules: {
      'digest-daily': {
        contract: notificationDigest,
        pattern: DAILY_DIGEST_CRON,
        payload: { frequency: 'DAILY' },
      },
      'digest-weekly': {
        contract: notificationDigest,
        pattern: WEEKLY_DIGEST_CRON,
        payload: { frequency: 'WEEKLY' },
      },
      'notification-sweep': {
        contract: notificationSweep,
        pattern: options.sweepPattern ?? NOTIFICATION_SWEEP_CRON,
        payload: {},
      },
    },
  });
}

/** The notifications module with its default schedules. */
export const notificationsModule = createNotificationsModule();

/** What the email module needs of the mail settings (`loadMailConfig()` reads them from the env). */
export type EmailModuleOptions = Pick<MailConfig, 'ratePerSecond' | 'concurrency'> &
  Partial<Pick<MailConfig, 'digestRatePerSecond'>>;

/**
 * Health group `email`: the rate-limited email queue, and the digest mail queue beside it, with a
 * rate limit of its own. Built by the worker app from its settings (`EMAIL_RATE_LIMIT_PER_SECOND`,
 * `EMAIL_DIGEST_RATE_LIMIT_PER_SECOND`, `EMAIL_CONCURRENCY`), once, where it composes its modules.
 */
export function createEmailModule(options: EmailModuleOptions) {
  const digestRate = digestMailRate(options.digestRatePerSecond ?? options.ratePerSecond);
  return defineJobModule<NotificationsDeps>()({
    group: 'email',
    processors: {
      send: {
        contract: emailSend,
        process: processEmailSend,
        concurrency: options.concurrency,
        limiter: { max: options.ratePerSecond, duration: 1000 },
      },
      // As many emails in flight as EMAIL_CONCURRENCY allows the email queue.
      sendBatch: {
        contract: emailSendBatch,
        process: createEmailBatchProcessor({ spacingMs: digestRate.spacingMs }),
        concurrency: Math.max(1, Math.ceil(options.concurrency / EMAIL_BATCH_MAX)),
        limiter: digestRate.limiter,
      },
    },
  });
}

/**
 * BullMQ's limiter counts jobs, and a digest mail job holds up to {@link EMAIL_BATCH_MAX} emails:
 * at `perSecond` emails a second, that is `perSecond / 10` full batches a second. Below ten a
 * second, one batch starts every `10 / perSecond` seconds and spaces its emails out over that time,
 * so that no second sees more than `perSecond` of them.
 */
export function digestMailRate(perSecond: number): {
  limiter: { max: number; duration: number };
  spacingMs: number;
} {
  if (perSecond >= EMAIL_BATCH_MAX) {
    return { limiter: { max: Math.floor(perSecond / EMAIL_BATCH_MAX), duration: 1000 }, spacingMs: 0 };
  }
  return {
    limiter: { max: 1, duration: Math.ceil((EMAIL_BATCH_MAX * 1000) / perSecond) },
    spacingMs: Math.ceil(1000 / perSecond),
  };
}
