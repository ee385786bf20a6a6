// The root export: what a web app needs to create notifications and queue their delivery. It
// stays light (no nodemailer, no worker code) and opens nothing at import.
export type { DigestFrequency, EmailSendPayload, EmailSource } from '@yg/job-contracts';
export type { EnqueueResult } from '@yg/queue-core';
export {
  CreateNotificationInput,
  closeNotificationService,
  createNotificationService,
  type NotificationService,
  notificationService,
} from './notification-service';
export {
  emailSendQueue,
  notificationDeliveryQueue,
  notificationDigestQueue,
  type ProducerOptions,
  queueNotificationDelivery,
  triggerDigestManually,
} from './producers';
export { type NotificationEvent, userNotificationChannel } from './realtime/channel';
