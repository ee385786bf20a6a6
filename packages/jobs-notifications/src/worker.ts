// The worker side: processors, the two job modules (health groups `notifications` and `email`),
// mailers and templates. Loads nodemailer; a web app imports the root export instead.

export { chooseEmail, type EmailChoice } from './delivery/email-choice';
export { type DeliveryResult, notificationEmailKey, processDelivery } from './delivery/process-delivery';
export type { NotificationsDeps, ProcessorDeps, Publisher } from './deps';
export { digestPeriodKey } from './digest/period-key';
export {
  DEFAULT_DIGEST_BATCH_SIZE,
  type DigestFanOutResult,
  processDigestFanOut,
} from './digest/process-digest-fan-out';
export { digestEmailKey, processUserDigest, type UserDigestResult } from './digest/process-user-digest';
export { messageIdFor } from './email/message-id';
export { type EmailSendResult, processEmailSend } from './email/process-email-send';
export { type SendOutcome, sendOutcome } from './email/send-outcome';
export { fromAddress, loadMailConfig, type MailConfig } from './mail-config';
export { createMailer } from './mailer/create-mailer';
export type { Mailer, OutgoingEmail, SentEmail } from './mailer/mailer';
/** Builds the mailer from the environment (`SMTP_URL`, `MAIL_FROM`, `MAIL_OUTBOX_DIR`, `SMTP_POOL_SIZE`). */
export { createMailerFromEnv } from './mailer/mailer-from-env';
export { createOutboxMailer, type OutboxMailerOptions, outboxFileName } from './mailer/outbox-mailer';
export { createSmtpMailer, type SmtpMailerOptions } from './mailer/smtp-mailer';
export { createEmailModule, type EmailModuleOptions, emailModule, notificationsModule } from './modules';
export { type DigestEmailInput, renderDigestEmail } from './templates/digest-email';
export { headerText, html, SafeHtml } from './templates/html';
export {
  NOTIFICATION_TEMPLATES,
  type NotificationEmailInput,
  type RenderedEmail,
  renderNotificationEmail,
} from './templates/notification-email';
