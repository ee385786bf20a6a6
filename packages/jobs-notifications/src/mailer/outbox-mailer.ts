import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { ConnectionSlots } from './connection-slots';
import {
  type Mailer,
  messageOf,
  type OutgoingEmail,
  type SendOptions,
  type SentEmail,
  sendOnce,
} from './mailer';

export interface OutboxMailerOptions {
  /** The folder for `.eml` files, created on the first send. */
  dir: string;
  from: string;
  /** Files written at once: the outbox's "connections". @defaultValue 5 */
  poolSize?: number;
}

/**
 * Without SMTP: each email is built by nodemailer exactly as it would go over the wire and
 * written to `<dir>/<idempotency key>.eml`, so the worker runs out of the box and a developer
 * can open the mail. The name comes from the key, so writing the same email again replaces the
 * file instead of adding a copy.
 */
export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  const dir = resolve(options.dir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let ready: Promise<unknown> | undefined;
  const slots = new ConnectionSlots(options.poolSize ?? 5);
  let closing: Promise<void> | undefined;
  // The file write is this mailer's "connection": an email is claimed when its write may start,
  // exactly as an SMTP email is when a connection takes it.
  const write = async (email: OutgoingEmail, { claimed }: SendOptions): Promise<SentEmail> => {
    ready ??= mkdir(dir, { recursive: true });
    await ready;
    const info = await transport.sendMail(messageOf(options.from, email));
    // Built while the claim was taken; written only once it holds.
    await claimed;
    const path = join(dir, outboxFileName(email.idempotencyKey));
    // Write then rename: a reader (or a crash) never sees half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, info.message as Buffer);
    await rename(partial, path);
    return { messageId: info.messageId, response: `written to ${path}` };
  };
  const mailer: Mailer = {
    kind: 'outbox',
    from: options.from,
    async connection() {
      const lease = await slots.acquire();
      return {
        async send(email: OutgoingEmail, sendOptions: SendOptions = {}): Promise<SentEmail> {
          // Observed now: it may reject before the write waits for it.
          sendOptions.claimed?.catch(() => undefined);
          try {
            return await write(email, sendOptions);
          } finally {
            lease.free();
          }
        },
        release: lease.end,
      };
    },
    send: (email) => sendOnce(mailer, email),
    close() {
      closing ??= slots.close();
      return closing;
    },
  };
  return mailer;
}

/**
 * A file name for an idempotency key: its safe characters, plus a short hash so that keys which
 * differ only in unsafe characters (`a:b`, `a/b`) never share a file.
 */
export function outboxFileName(idempotencyKey: string): string {
  const readable = idempotencyKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 8);
  return `${readable}-${hash}.eml`;
}
