import { createHash } from 'node:crypto';
import { fromAddress } from '../mail-config';

/**
 * The Message-ID of the email with this idempotency key: the same on every attempt, so that if
 * two copies ever did leave, mail clients (and the SMTP log) show them as one message.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = fromAddress(from)?.split('@')[1] ?? 'yg-jobs.invalid';
  const id = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${id}@${domain}>`;
}
