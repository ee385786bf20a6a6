import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient, queryRows } from '@yg/db';
import type { EmailSendPayload, EmailSource } from '@yg/job-contracts';
import { batcherFor, type MicroBatch } from '../db/micro-batch';

// Raw SQL, one statement per step, shared by the jobs running at the same moment, run on the
// client's pool past Prisma's engine (`queryRows`): the email path runs for every email of a
// digest run, and each round trip to PostgreSQL shows in its throughput (see bench/notifications).

export type DeliveryStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'UNCONFIRMED';

interface RecordInput {
  email: EmailSendPayload;
  now: Date;
}

const recordBatches = new WeakMap<PrismaClient, MicroBatch<RecordInput, DeliveryStatus>>();

/**
 * Records the email as PENDING if it is new, and returns the row's status. Recording claims
 * nothing: an email waiting for a connection stays PENDING, so that a crash while it waits leaves
 * it to a retry. Calls from concurrent jobs share a statement.
 */
export function recordDelivery(
  db: PrismaClient,
  email: EmailSendPayload,
  now: Date,
): Promise<DeliveryStatus> {
  return batcherFor(recordBatches, db, (inputs) => recordMany(db, inputs)).run({ email, now });
}

async function recordMany(db: PrismaClient, inputs: RecordInput[]): Promise<DeliveryStatus[]> {
  const emails = inputs.map((i) => i.email);
  const now = inputs[0]!.now;
  const rows = await queryRows<{ key: string; status: DeliveryStatus | null }>(
    db,
    Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${emails.map(() => randomUUID())}::text[], ${emails.map((e) => e.idempotencyKey)}::text[],
        ${emails.map((e) => e.userId ?? null)}::text[], ${emails.map((e) => e.to)}::text[],
        ${emails.map((e) => e.subject)}::text[], ${emails.map((e) => e.template ?? null)}::text[]
      ) AS t(id, key, user_id, recipient, subject, template)
    ), inserted AS (
      INSERT INTO email_deliveries
        (id, idempotency_key, user_id, recipient, subject, template, status, attempts, created_at, updated_at)
      SELECT id, key, user_id, recipient, subject, template, 'PENDING', 0, ${now}, ${now} FROM input
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING idempotency_key
    )
    SELECT i.key, CASE WHEN n.idempotency_key IS NOT NULL THEN 'PENDING' ELSE e.status::text END AS status
    FROM input i
    LEFT JOIN inserted n ON n.idempotency_key = i.key
    LEFT JOIN email_deliveries e ON e.idempotency_key = i.key`,
  );
  const byKey = new Map(rows.map((r) => [r.key, r.status]));
  // Not inserted and not seen: a row another transaction inserted meanwhile (invisible to this
  // statement's snapshot). It is PENDING or later; the claim, a conditional update, tells which.
  return emails.map((e) => byKey.get(e.idempotencyKey) ?? 'PENDING');
}

interface ClaimInput {
  key: string;
  now: Date;
}

const claimBatches = new WeakMap<PrismaClient, MicroBatch<ClaimInput, 'claimed' | DeliveryStatus>>();

/**
 * Claims a PENDING email for this attempt (PENDING → SENDING, one more attempt counted): called
 * once a connection is free to take it, so that only mail that may really leave is ever SENDING.
 * Returns `claimed`, or the status that kept the row from being claimed. Calls from concurrent
 * jobs share a statement.
 */
export function claimDelivery(db: PrismaClient, key: string, now: Date): Promise<'claimed' | DeliveryStatus> {
  // Several claims in flight at once: each holds a free SMTP connection until it returns, so a
  // claim waiting behind another's statement would leave that connection idle.
  return batcherFor(claimBatches, db, (inputs) => claimMany(db, inputs), { concurrency: 4 }).run({
    key,
    now,
  });
}

async function claimMany(db: PrismaClient, inputs: ClaimInput[]): Promise<('claimed' | DeliveryStatus)[]> {
  const now = inputs[0]!.now;
  const keys = [...new Set(inputs.map((i) => i.key))];
  const rows = await queryRows<{ key: string; claimed: boolean; status: DeliveryStatus | null }>(
    db,
    Prisma.sql`
    WITH claimed AS (
      UPDATE email_deliveries
      SET status = 'SENDING', attempts = attempts + 1, updated_at = ${now}
      WHERE idempotency_key = ANY(${keys}::text[]) AND status = 'PENDING'
      RETURNING idempotency_key
    )
    SELECT k.key, c.idempotency_key IS NOT NULL AS claimed, e.status::text AS status
    FROM unnest(${keys}::text[]) AS k(key)
    LEFT JOIN claimed c ON c.idempotency_key = k.key
    LEFT JOIN email_deliveries e ON e.idempotency_key = k.key`,
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const handedOut = new Set<string>();
  return inputs.map(({ key }) => {
    const row = byKey.get(key);
    if (row?.claimed) {
      // Two attempts for one key in one statement: only the first holds the claim.
      if (handedOut.has(key)) return 'SENDING';
      handedOut.add(key);
      return 'claimed';
    }
    return row?.status ?? 'PENDING';
  });
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

interface SentInput {
  key: string;
  messageId: string | null;
  source: EmailSource | undefined;
  now: Date;
}

const sentBatches = new WeakMap<PrismaClient, MicroBatch<SentInput, undefined>>();

/**
 * Marks the email SENT and, in the same statement, what it was about: the notification SENT, or
 * the digest sent and its notifications SENT. Guarded by state, so running it again changes
 * nothing. A row another worker gave up on (UNCONFIRMED) is SENT too: the send did complete.
 * Calls from concurrent jobs share a statement.
 */
export function recordSent(
  db: PrismaClient,
  key: string,
  messageId: string | null,
  source: EmailSource | undefined,
  now: Date,
): Promise<undefined> {
  return batcherFor(sentBatches, db, (inputs) => recordSentMany(db, inputs)).run({
    key,
    messageId,
    source,
    now,
  });
}

async function recordSentMany(db: PrismaClient, inputs: SentInput[]): Promise<undefined[]> {
  const now = inputs[0]!.now;
  await queryRows(
    db,
    Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${inputs.map((i) => i.key)}::text[], ${inputs.map((i) => i.messageId)}::text[],
        ${inputs.map((i) => (i.source?.kind === 'notification' ? i.source.notificationId : null))}::text[],
        ${inputs.map((i) => (i.source?.kind === 'digest' ? i.source.digestId : null))}::text[]
      ) AS t(key, message_id, notification_id, digest_id)
    ), delivery AS (
      UPDATE email_deliveries e
      SET status = 'SENT', message_id = COALESCE(i.message_id, e.message_id), sent_at = COALESCE(e.sent_at, ${now}),
          last_error = NULL, updated_at = ${now}
      FROM input i
      WHERE e.idempotency_key = i.key AND e.status IN ('SENDING', 'UNCONFIRMED')
    ), digest AS (
      UPDATE notification_digests d SET sent_at = ${now}
      FROM input i WHERE d.id = i.digest_id AND d.sent_at IS NULL
    ), single AS (
      UPDATE notifications n SET email_status = 'SENT', emailed_at = ${now}, updated_at = ${now}
      FROM input i WHERE n.id = i.notification_id AND n.email_status = 'PENDING'
    )
    UPDATE notifications n SET email_status = 'SENT', emailed_at = ${now}, updated_at = ${now}
    FROM input i WHERE n.digest_id = i.digest_id AND n.email_status = 'DIGEST_PENDING'`,
  );
  return inputs.map(() => undefined);
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
