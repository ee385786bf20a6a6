import { Prisma, queryRows } from '@yg/db';
import {
  ContractValidationError,
  EMAIL_BATCH_MAX,
  type EmailSendPayload,
  emailSend,
  emailSendBatch,
} from '@yg/job-contracts';
import type { ProcessorDeps } from '../deps';

const NONE_REFUSED: ReadonlySet<string> = new Set();

/**
 * Queues emails: a digest's on the digest mail queue, ten to a job (`email-send-batch`), any other
 * one job per email (`email-send`), each kind with one `addBulk`. An email the contract refuses — its
 * recipient's address is not one the email queue takes, say — cannot be sent now or later, and must
 * not hold up the others nor the work that queues it (a digest run's batch, a notification's in-app
 * delivery, the sweep): it is recorded FAILED with the reason, with what it was about, and left
 * out. The contract is checked once per email as `addBulk` prepares it; only a refused batch is
 * checked email by email. Returns the idempotency keys of the emails refused (none, nearly always).
 */
export async function queueEmails(
  deps: Pick<ProcessorDeps, 'db' | 'queues' | 'clock' | 'logger'>,
  emails: readonly EmailSendPayload[],
): Promise<ReadonlySet<string>> {
  // One email per key: a batch refuses the same email twice, and it is one email anyway.
  const unique = [...new Map(emails.map((email) => [email.idempotencyKey, email])).values()];
  const digests = unique.filter((email) => email.source?.kind === 'digest');
  const others = unique.filter((email) => email.source?.kind !== 'digest');
  const refused = [
    ...(await queueChecked(deps, others, (sendable) => deps.queues.enqueueBulk(emailSend, sendable))),
    ...(await queueChecked(deps, digests, (sendable) =>
      deps.queues.enqueueBulk(emailSendBatch, inBatches(sendable)),
    )),
  ];
  return refused.length === 0 ? NONE_REFUSED : new Set(refused);
}

/** Queues the emails with `add`, leaving out and recording those the contract refuses. */
async function queueChecked(
  deps: Pick<ProcessorDeps, 'db' | 'clock' | 'logger'>,
  emails: readonly EmailSendPayload[],
  add: (emails: readonly EmailSendPayload[]) => Promise<unknown>,
): Promise<string[]> {
  if (emails.length === 0) return [];
  try {
    await add(emails);
    return [];
  } catch (error) {
    if (!(error instanceof ContractValidationError)) throw error;
  }
  const sendable: EmailSendPayload[] = [];
  const refused: { email: EmailSendPayload; reason: string }[] = [];
  for (const email of emails) {
    try {
      emailSend.parse(email);
      sendable.push(email);
    } catch (error) {
      if (!(error instanceof ContractValidationError)) throw error;
      refused.push({ email, reason: error.message });
    }
  }
  await recordUnsendable(deps, refused);
  if (sendable.length > 0) await add(sendable);
  return refused.map((r) => r.email.idempotencyKey);
}

function inBatches(emails: readonly EmailSendPayload[]): { emails: EmailSendPayload[] }[] {
  const batches: { emails: EmailSendPayload[] }[] = [];
  for (let i = 0; i < emails.length; i += EMAIL_BATCH_MAX) {
    batches.push({ emails: emails.slice(i, i + EMAIL_BATCH_MAX) });
  }
  return batches;
}

/** Each refused email: its delivery row FAILED with the reason, and what it was about FAILED. */
async function recordUnsendable(
  { db, clock, logger }: Pick<ProcessorDeps, 'db' | 'clock' | 'logger'>,
  refused: readonly { email: EmailSendPayload; reason: string }[],
): Promise<void> {
  if (refused.length === 0) return;
  const now = clock.now();
  const emails = refused.map((r) => r.email);
  const notificationIds = emails.map((e) =>
    e.source?.kind === 'notification' ? e.source.notificationId : null,
  );
  const digestIds = emails.map((e) => (e.source?.kind === 'digest' ? e.source.digestId : null));
  // One statement: the rows and their subjects move together, and a row already there (an
  // earlier attempt's) is left as it is.
  await queryRows(
    db,
    Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${emails.map((e) => e.idempotencyKey)}::text[], ${emails.map((e) => e.userId ?? null)}::text[],
        ${emails.map((e) => e.to)}::text[], ${emails.map((e) => e.subject)}::text[],
        ${emails.map((e) => e.template ?? null)}::text[], ${refused.map((r) => r.reason)}::text[],
        ${notificationIds}::text[], ${digestIds}::text[]
      ) AS t(key, user_id, recipient, subject, template, reason, notification_id, digest_id)
    ), delivery AS (
      INSERT INTO email_deliveries
        (id, idempotency_key, user_id, recipient, subject, template, status, attempts, last_error, created_at, updated_at)
      SELECT gen_random_uuid()::text, key, user_id, recipient, subject, template, 'FAILED', 0, reason, ${now}, ${now}
      FROM input
      ON CONFLICT (idempotency_key) DO NOTHING
    )
    UPDATE notifications n SET email_status = 'FAILED', updated_at = ${now}
    FROM input i
    WHERE (n.id = i.notification_id AND n.email_status = 'PENDING')
       OR (n.digest_id = i.digest_id AND n.email_status = 'DIGEST_PENDING')`,
  );
  for (const { email, reason } of refused) {
    logger.warn(
      { idempotencyKey: email.idempotencyKey, userId: email.userId, reason },
      'email refused by the email queue: recorded FAILED, not sent',
    );
  }
}
