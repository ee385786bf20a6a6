import type { MailConfig } from '../mail-config';
import type { Mailer } from './mailer';
import { createOutboxMailer } from './outbox-mailer';
import { createSmtpMailer } from './smtp-mailer';

/** Pooled SMTP when `SMTP_URL` is set, else the `.eml` outbox folder. Opens no connection yet. */
export function createMailer(config: MailConfig): Mailer {
  if (config.smtpUrl) {
    return createSmtpMailer({ url: config.smtpUrl, from: config.from, poolSize: config.poolSize });
  }
  return createOutboxMailer({ dir: config.outboxDir, from: config.from, poolSize: config.poolSize });
}
