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

export interface SendOptions {
  /**
   * The email's claim, still being taken. The exchange with the server starts at once, but
   * nothing that could deliver the email leaves before `claimed` resolves; when it rejects, the
   * send fails with its reason and nothing is delivered. So the claim's round trip to the
   * database overlaps the SMTP envelope instead of keeping the connection idle.
   */
  claimed?: Promise<void>;
}

/**
 * A connection of the mailer, taken for one email: nothing else is sent on it until it is
 * released. Taking it is the moment the email may be claimed: from then on the send starts at once.
 */
export interface MailerConnection {
  /**
   * Sends the email. A rejection keeps nodemailer's `code`, `command`, `responseCode` and
   * `timeoutType`, from which the email worker tells "provably not sent" from "unknown".
   */
  send(email: OutgoingEmail, options?: SendOptions): Promise<SentEmail>;
  /**
   * Ends this email's hold (once its outcome is recorded): a closing mailer waits for it. The
   * connection itself is free for the next email as soon as `send` settles. Calling it again does
   * nothing.
   */
  release(): void;
}

/** Sends email: over pooled SMTP, or into a folder of `.eml` files. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  /** The sender (`MAIL_FROM`). */
  readonly from: string;
  /**
   * Waits for a free connection (one per pooled SMTP connection, `SMTP_POOL_SIZE`). Rejects with
   * `MailerClosedError` when the mailer is closed before one is free.
   */
  connection(): Promise<MailerConnection>;
  /** Takes a connection, sends one email on it and gives it back. */
  send(email: OutgoingEmail): Promise<SentEmail>;
  /**
   * Closes the mailer: emails still waiting for a connection get `MailerClosedError` (they were
   * not claimed), connections taken are waited for until released, then the pool is closed.
   */
  close(): Promise<void>;
}

/** {@link Mailer.send} from {@link Mailer.connection}: take, send, release. */
export async function sendOnce(mailer: Pick<Mailer, 'connection'>, email: OutgoingEmail): Promise<SentEmail> {
  const connection = await mailer.connection();
  try {
    return await connection.send(email);
  } finally {
    connection.release();
  }
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
