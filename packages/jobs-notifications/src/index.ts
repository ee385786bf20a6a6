// The root export: what a web app needs to create notifications and queue their delivery. It
// stays light (no nodemailer, no worker code) and opens nothing at import.
export type { DigestFrequency, EmailSendPayload, EmailSource } from '@yg/job-contracts';
export type { EnqueueResult, ProducerOptions } from '@yg/queue-core';
export {
  CreateNotificationInput,
  closeNotificationService,
  createNotificationService,
  type NotificationService,
  notificationService,
} from './notification-service';
export { queueNotificationDelivery, triggerDigestManually } from './producers';
export { emailSendQueue, notificationDeliveryQueue, notificationDigestQueue } from './queues';
export { type NotificationEvent, userNotificationChannel } from './realtime/channel';
