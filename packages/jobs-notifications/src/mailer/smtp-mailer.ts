import type { Readable } from 'node:stream';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { markContentNeverSent } from '../email/send-outcome';
import { ConnectionSlots } from './connection-slots';
import { holdContentUntil } from './held-content';
import {
  type Mailer,
  messageOf,
  type OutgoingEmail,
  type SendOptions,
  type SentEmail,
  sendOnce,
} from './mailer';

/** Where a message's claim rides from `sendMail` to the stream step (nodemailer keeps unknown keys). */
const CLAIMED = 'ygClaimed';
/** Where the stream step leaves the stream nodemailer hands to the connection, for `send` to read. */
const CONTENT = 'ygContent';

interface ContentStream {
  stream?: Readable;
}
const NOTHING_TO_WAIT_FOR = Promise.resolve();

export interface SmtpMailerOptions {
  /** `smtp://…` or `smtps://…`; nodemailer options may ride along as query parameters. */
  url: string;
  from: string;
  /** Simultaneous SMTP connections, and so emails in flight. @defaultValue 5 */
  poolSize?: number;
  /** Messages per connection before it is recycled. @defaultValue 100 */
  maxMessagesPerConnection?: number;
  /** Milliseconds to wait for a connection, and for the greeting. @defaultValue 10000 */
  connectionTimeoutMs?: number;
  /**
   * Milliseconds of silence before a connection is dropped; longer than `connectionTimeoutMs`.
   * @defaultValue 60000
   */
  socketTimeoutMs?: number;
  /** STARTTLS is not attempted (a local relay or test server without TLS). @defaultValue false */
  ignoreTLS?: boolean;
}

/**
 * Pooled SMTP through nodemailer: one transport per process, its connections reused across sends.
 * A slot per pooled connection keeps every email that is not on a connection out of nodemailer's
 * own queue: a message handed to the pool is on a connection at once, and one that waits, waits
 * here, unclaimed.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
  const socketTimeout = options.socketTimeoutMs ?? 60_000;
  checkTimeouts(options.url, connectionTimeout, socketTimeout);
  const poolSize = options.poolSize ?? 5;
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: poolSize,
    maxMessages: options.maxMessagesPerConnection ?? 100,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    // nodemailer's default is 10 minutes: a hung server would hold a job (and its lock) that long.
    socketTimeout,
    ...(options.ignoreTLS ? { ignoreTLS: true } : {}),
  });
  // The stream step runs once the message is built, before the pool takes it: the hold is in
  // place before the connection can read a byte. A message sent without a claim goes through it
  // too, for its content to reach the socket in a few large writes rather than many small ones.
  transport.use('stream', (mail, done) => {
    const claimed = (mail.data as { [CLAIMED]?: Promise<void> })[CLAIMED] ?? NOTHING_TO_WAIT_FOR;
    mail.message.transform(() => holdContentUntil(claimed));
    const content = (mail.data as { [CONTENT]?: ContentStream })[CONTENT];
    // The last stage, the stream the connection reads once the server has answered DATA.
    if (content) mail.message.processFunc((stream: Readable) => Object.assign(content, { stream }).stream);
    done();
  });
  const slots = new ConnectionSlots(poolSize);
  let closing: Promise<void> | undefined;
  const mailer: Mailer = {
    kind: 'smtp',
    from: options.from,
    async connection() {
      const lease = await slots.acquire();
      return {
        async send(email: OutgoingEmail, { claimed }: SendOptions = {}): Promise<SentEmail> {
          // Observed now: it may reject before the content asks for it, or with no content read.
          claimed?.catch(() => undefined);
          const content: ContentStream = {};
          try {
            const message: SendMailOptions = messageOf(options.from, email);
            Object.assign(message, { [CONTENT]: content }, claimed ? { [CLAIMED]: claimed } : {});
            const info = await transport.sendMail(message);
            return { messageId: info.messageId, response: info.response };
          } catch (error) {
            // Not a byte of the content was read: the server cannot have the message. Without a
            // stream, the pool never got as far as handing the message to a connection.
            if (content.stream?.readableDidRead !== true) {
              markContentNeverSent(error, { transactionStarted: content.stream !== undefined });
            }
            throw error;
          } finally {
            // The server answered (or the exchange failed): the pooled connection is idle again.
            lease.free();
          }
        },
        release: lease.end,
      };
    },
    send: (email) => sendOnce(mailer, email),
    close() {
      // Sends in flight finish (and are recorded) before the pool goes: closing it under them
      // would fail mail that was about to leave, or leave its outcome unknown.
      closing ??= slots.close().then(() => transport.close());
      return closing;
    },
  };
  return mailer;
}

/**
 * A server that takes the connection and never greets has to be reported by the greeting's
 * timeout (an outage: the queue waits, the email is sent later), not by the socket's, which cannot
 * tell it from silence after a message (outcome unknown: never sent again). The URL's query
 * parameters override the options in nodemailer, so they count here too.
 */
function checkTimeouts(url: string, connectionTimeout: number, socketTimeout: number): void {
  let query = new URLSearchParams();
  try {
    query = new URL(url).searchParams;
  } catch {
    // nodemailer reports a URL it cannot read.
  }
  const fromUrl = (key: string) => {
    const value = query.get(key);
    return value === null || value.trim() === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
  };
  const socket = fromUrl('socketTimeout') ?? socketTimeout;
  const setup = Math.min(
    fromUrl('connectionTimeout') ?? connectionTimeout,
    fromUrl('greetingTimeout') ?? connectionTimeout,
  );
  if (socket <= setup) {
    throw new RangeError(
      `SMTP socket timeout (${socket} ms) must be longer than the connection and greeting timeouts (${setup} ms)`,
    );
  }
}
