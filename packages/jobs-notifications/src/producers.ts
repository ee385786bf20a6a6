import { type DigestFrequency, notificationDelivery, notificationDigest } from '@yg/job-contracts';
import { type EnqueueResult, type ProducerOptions, producerClient } from '@yg/queue-core';

/**
 * Queues the delivery of a notification: in-app at once, email by the user's preference.
 * Queuing one notification twice while the first is pending adds nothing (`deduplicated`), and a
 * delivered notification is never delivered again.
 */
export function queueNotificationDelivery(
  notificationId: string,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(notificationDelivery, { notificationId });
}

/**
 * Starts a digest run now, as the crons do at 09:00 UTC (daily) and Mondays 09:00 UTC (weekly):
 * every opted-in user with notifications waiting gets one email listing them. Running it again
 * sends nothing more: each notification goes out in exactly one digest.
 */
export function triggerDigestManually(
  frequency: DigestFrequency,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(notificationDigest, { frequency });
}
