import { emailSend, notificationDelivery, notificationDigest } from '@yg/job-contracts';
import { lazyQueue } from '@yg/queue-core';

/** The delivery queue: one notification per job. Connects on first use. */
export const notificationDeliveryQueue = lazyQueue(notificationDelivery);
/** Digest runs (the crons' and `triggerDigestManually`'s). */
export const notificationDigestQueue = lazyQueue(notificationDigest);
/** The rate-limited email queue. */
export const emailSendQueue = lazyQueue(emailSend);
