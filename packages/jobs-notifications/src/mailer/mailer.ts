/** One email as the email worker hands it to a mailer. */
export interface OutgoingEmail {
  /** Names the email for good: files in the outbox are named by it. */
  idempotencyKey: string;
  /** Derived from the idempotency key, so that every attempt sends the same Message-ID. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentEmail {
  messageId: string;
  /** The SMTP server's reply, or where the file went. */
  response: string;
}

/** Sends email: over pooled SMTP, or into a folder of `.eml` files. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  /** The sender (`MAIL_FROM`). */
  readonly from: string;
  /**
   * Sends one email. A rejection keeps nodemailer's `code`, `command`, `responseCode` and
   * `timeoutType`, from which the email worker tells "provably not sent" from "unknown".
   */
  send(email: OutgoingEmail): Promise<SentEmail>;
  /** Closes pooled connections (a send in flight finishes first). */
  close(): Promise<void>;
}

/** The nodemailer message for an email: the same headers whichever way it leaves. */
export function messageOf(from: string, email: OutgoingEmail) {
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    ...(email.html === undefined ? {} : { html: email.html }),
    messageId: email.messageId,
  };
}
