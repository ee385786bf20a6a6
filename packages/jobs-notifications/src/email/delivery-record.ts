import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@yg/db';
import type { EmailSendPayload, EmailSource } from '@yg/job-contracts';

// Raw SQL, one statement per step: the email path runs for every email of a digest run, and
// each round trip to PostgreSQL shows in its throughput (see bench/notifications).

export type DeliveryStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'UNCONFIRMED';

/**
 * Records the email (if new) and claims it for this attempt in one statement: a new row is
 * inserted as SENDING, an existing PENDING one moves to SENDING. Returns `claimed`, or the
 * status that kept the row from being claimed.
 */
export async function claimDelivery(
  db: PrismaClient,
  email: EmailSendPayload,
  now: Date,
): Promise<'claimed' | DeliveryStatus> {
  const claimed = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO email_deliveries
      (id, idempotency_key, user_id, recipient, subject, template, status, attempts, created_at, updated_at)
    VALUES (${randomUUID()}, ${email.idempotencyKey}, ${email.userId ?? null}, ${email.to}, ${email.subject},
            ${email.template ?? null}, 'SENDING', 1, ${now}, ${now})
    ON CONFLICT (idempotency_key) DO UPDATE
      SET status = 'SENDING', attempts = email_deliveries.attempts + 1, updated_at = ${now}
      WHERE email_deliveries.status = 'PENDING'
    RETURNING id`;
  if (claimed.length > 0) return 'claimed';
  const [row] = await db.$queryRaw<{ status: DeliveryStatus }[]>`
    SELECT status::text AS status FROM email_deliveries WHERE idempotency_key = ${email.idempotencyKey}`;
  return row?.status ?? 'PENDING';
}

/** Moves the row from `from` to `to`, recording the reason; returns whether it moved. */
export async function moveDelivery(
  db: PrismaClient,
  key: string,
  from: DeliveryStatus,
  to: DeliveryStatus,
  lastError: string,
  now: Date,
): Promise<boolean> {
  const moved = await db.$executeRaw`
    UPDATE email_deliveries
    SET status = CAST(${to} AS email_delivery_status), last_error = ${lastError}, updated_at = ${now}
    WHERE idempotency_key = ${key} AND status = CAST(${from} AS email_delivery_status)`;
  return moved > 0;
}

/**
 * Marks the email SENT and, in the same statement, what it was about: the notification SENT, or
 * the digest sent and its notifications SENT. Guarded by state, so running it again changes
 * nothing. A row another worker gave up on (UNCONFIRMED) is SENT too: the send did complete.
 */
export async function recordSent(
  db: PrismaClient,
  key: string,
  messageId: string | null,
  source: EmailSource | undefined,
  now: Date,
): Promise<void> {
  const notificationId = source?.kind === 'notification' ? source.notificationId : null;
  const digestId = source?.kind === 'digest' ? source.digestId : null;
  await db.$executeRaw`
    WITH delivery AS (
      UPDATE email_deliveries
      SET status = 'SENT', message_id = COALESCE(${messageId}, message_id), sent_at = COALESCE(sent_at, ${now}),
          last_error = NULL, updated_at = ${now}
      WHERE idempotency_key = ${key} AND status IN ('SENDING', 'UNCONFIRMED')
    ), digest AS (
      UPDATE notification_digests SET sent_at = ${now} WHERE id = ${digestId} AND sent_at IS NULL
    )
    UPDATE notifications SET email_status = 'SENT', emailed_at = ${now}, updated_at = ${now}
    WHERE (id = ${notificationId} AND email_status = 'PENDING')
       OR (digest_id = ${digestId} AND email_status = 'DIGEST_PENDING')`;
}

/** The email failed for good: what it was about is marked FAILED. */
export async function recordFailed(
  db: PrismaClient,
  source: EmailSource | undefined,
  now: Date,
): Promise<void> {
  if (!source) return;
  const notificationId = source.kind === 'notification' ? source.notificationId : null;
  const digestId = source.kind === 'digest' ? source.digestId : null;
  await db.$executeRaw`
    UPDATE notifications SET email_status = 'FAILED', updated_at = ${now}
    WHERE (id = ${notificationId} AND email_status = 'PENDING')
       OR (digest_id = ${digestId} AND email_status = 'DIGEST_PENDING')`;
}
