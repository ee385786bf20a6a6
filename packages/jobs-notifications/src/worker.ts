// `@yg/jobs-notifications/worker`: what a worker app composes — the two job modules (health
// groups `notifications` and `email`), the deps they need and the mailers that satisfy them.
// Loads nodemailer; a web app imports the root export instead.

export type { NotificationsDeps, Publisher } from './deps';
export { loadMailConfig, type MailConfig } from './mail-config';
export { createMailer } from './mailer/create-mailer';
export type { Mailer, MailerConnection, OutgoingEmail, SentEmail } from './mailer/mailer';
export { MailerClosedError } from './mailer/mailer-closed-error';
/** Builds the mailer from the environment (`SMTP_URL`, `MAIL_FROM`, `MAIL_OUTBOX_DIR`, `SMTP_POOL_SIZE`). */
export { createMailerFromEnv } from './mailer/mailer-from-env';
export { createOutboxMailer, type OutboxMailerOptions } from './mailer/outbox-mailer';
export { createSmtpMailer, type SmtpMailerOptions } from './mailer/smtp-mailer';
export {
  createEmailModule,
  createNotificationsModule,
  DAILY_DIGEST_CRON,
  type EmailModuleOptions,
  NOTIFICATION_SWEEP_CRON,
  type NotificationsModuleOptions,
  notificationsModule,
  WEEKLY_DIGEST_CRON,
} from './module';
export type { DeliveryResult } from './processors/deliver';
export type { DigestFanOutResult } from './processors/digest-fan-out';
export type { EmailSendResult } from './processors/send-email';
export type { EmailBatchResult } from './processors/send-email-batch';
export type { SweepResult } from './processors/sweep';
export type { UserDigestResult } from './processors/user-digest';
export { loadSweepConfig, type SweepConfig } from './sweep/sweep-config';
export { DEFAULT_SWEEP_SETTINGS, type SweepSettings } from './sweep/sweep-settings';
// The emails as they are sent, for previews and for benchmarks that must send the same bytes.
export { type DigestEmailInput, renderDigestEmail } from './templates/digest-email';
export {
  type NotificationEmailInput,
  type RenderedEmail,
  renderNotificationEmail,
} from './templates/notification-email';
