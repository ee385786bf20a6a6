import {
  emailSend,
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
} from '@yg/job-contracts';
import { defineJobModule, type JobModule, processorFor } from '@yg/queue-core';
import { processDelivery } from './delivery/process-delivery';
import type { NotificationsDeps } from './deps';
import { processDigestFanOut } from './digest/process-digest-fan-out';
import { processUserDigest } from './digest/process-user-digest';
import { processEmailSend } from './email/process-email-send';
import { loadMailConfig } from './mail-config';

/** Health group `notifications`: delivery, and the daily and weekly digests with their crons. */
export const notificationsModule: JobModule<NotificationsDeps> = defineJobModule<NotificationsDeps>({
  group: 'notifications',
  processors: [
    processorFor({ contract: notificationDelivery, process: processDelivery, concurrency: 20 }),
    processorFor({ contract: notificationDigest, process: processDigestFanOut, concurrency: 1 }),
    processorFor({ contract: notificationDigestUser, process: processUserDigest, concurrency: 50 }),
  ],
  schedules: [
    {
      id: 'digest-daily',
      contract: notificationDigest,
      pattern: '0 9 * * *',
      payload: { frequency: 'DAILY' },
    },
    {
      id: 'digest-weekly',
      contract: notificationDigest,
      pattern: '0 9 * * 1',
      payload: { frequency: 'WEEKLY' },
    },
  ],
});

export interface EmailModuleOptions {
  /** Emails per second across every worker process (BullMQ's queue-wide limiter). */
  ratePerSecond: number;
  /** Email jobs at once per process; at least the SMTP pool size keeps every connection busy. */
  concurrency: number;
}

/** Health group `email`: the rate-limited email queue. */
export function createEmailModule(options: EmailModuleOptions): JobModule<NotificationsDeps> {
  return defineJobModule<NotificationsDeps>({
    group: 'email',
    processors: [
      processorFor({
        contract: emailSend,
        process: processEmailSend,
        concurrency: options.concurrency,
        limiter: { max: options.ratePerSecond, duration: 1000 },
      }),
    ],
  });
}

/**
 * The email module with `EMAIL_RATE_LIMIT_PER_SECOND` and `EMAIL_CONCURRENCY`. The worker app
 * lists its modules at import time, so the variables are read when the runtime starts the
 * worker (these getters), not when this file is loaded.
 */
export const emailModule: JobModule<NotificationsDeps> = {
  group: 'email',
  get processors() {
    return createEmailModule(loadMailConfig()).processors;
  },
};
