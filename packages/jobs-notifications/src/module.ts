import {
  emailSend,
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
export type EmailModuleOptions = Pick<MailConfig, 'ratePerSecond' | 'concurrency'>;

/**
 * Health group `email`: the rate-limited email queue. Built by the worker app from its settings
 * (`EMAIL_RATE_LIMIT_PER_SECOND`, `EMAIL_CONCURRENCY`), once, where it composes its modules.
 */
export function createEmailModule(options: EmailModuleOptions) {
  return defineJobModule<NotificationsDeps>()({
    group: 'email',
    processors: {
      send: {
        contract: emailSend,
        process: processEmailSend,
        concurrency: options.concurrency,
        limiter: { max: options.ratePerSecond, duration: 1000 },
      },
    },
  });
}
