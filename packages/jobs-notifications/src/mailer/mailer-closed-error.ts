import { YgError } from '@yg/job-contracts';

/**
 * The mailer was closed (the worker is shutting down) before this email got a connection. The
 * email was not claimed and nothing was sent: its job is retried, by this worker or another.
 */
export class MailerClosedError extends YgError {
  override readonly name = 'MailerClosedError';
  readonly code = 'ERR_MAILER_CLOSED';

  constructor() {
    super('The mailer is closed: the email was not handed to a connection');
  }
}
