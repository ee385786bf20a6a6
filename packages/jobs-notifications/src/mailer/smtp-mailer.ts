import nodemailer from 'nodemailer';
import { type Mailer, messageOf, type OutgoingEmail, type SentEmail } from './mailer';

export interface SmtpMailerOptions {
  /** `smtp://…` or `smtps://…`; nodemailer options may ride along as query parameters. */
  url: string;
  from: string;
  /** Simultaneous SMTP connections. @defaultValue 5 */
  poolSize?: number;
  /** Messages per connection before it is recycled. @defaultValue 100 */
  maxMessagesPerConnection?: number;
  /** Milliseconds to wait for a connection, and for the greeting. @defaultValue 10000 */
  connectionTimeoutMs?: number;
  /** Milliseconds of silence before a connection is dropped. @defaultValue 60000 */
  socketTimeoutMs?: number;
  /** STARTTLS is not attempted (a local relay or test server without TLS). @defaultValue false */
  ignoreTLS?: boolean;
}

/** Pooled SMTP through nodemailer: one transport per process, its connections reused across sends. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.poolSize ?? 5,
    maxMessages: options.maxMessagesPerConnection ?? 100,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    // nodemailer's default is 10 minutes: a hung server would hold a job (and its lock) that long.
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    ...(options.ignoreTLS ? { ignoreTLS: true } : {}),
  });
  return {
    kind: 'smtp',
    from: options.from,
    async send(email: OutgoingEmail): Promise<SentEmail> {
      const info = await transport.sendMail(messageOf(options.from, email));
      return { messageId: info.messageId, response: info.response };
    },
    async close() {
      transport.close();
    },
  };
}
