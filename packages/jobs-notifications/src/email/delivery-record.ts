import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient, queryRows } from '@yg/db';
import type { EmailSendPayload, EmailSource } from '@yg/job-contracts';
import { batcherFor, type MicroBatch } from '../db/micro-batch';

// Raw SQL, one statement per step, shared by the jobs running at the same moment, run on the
// client's pool past Prisma's engine (`queryRows`) and prepared once per connection (their values
// go in arrays, so their text is fixed): the email path runs for every email of a digest run, and
// each round trip to PostgreSQL shows in its throughput (see bench/notifications).
const PREPARED = { prepare: true };

export type DeliveryStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'UNCONFIRMED';

interface ClaimInput {
  email: EmailSendPayload;
  now: Date;
}

const claimBatches = new WeakMap<PrismaClient, MicroBatch<ClaimInput, 'claimed' | DeliveryStatus>>();

/**
 * Claims the email for this attempt, called once a connection is free to take it, so that only
 * mail that may really leave is ever SENDING. One statement records and claims: a new email is
 * inserted SENDING, a PENDING one (put back after an outage or a 4xx) moves to SENDING; either way
 * one more attempt is counted. Returns `claimed`, or the status that kept the row from being
 * claimed. Nothing is written while an email waits for a connection: a crash then leaves no row,
 * which a retry and the sweep treat as owed, like a PENDING one. Calls from concurrent jobs share
 * a statement.
 */
export function claimDelivery(
  db: PrismaClient,
  email: EmailSendPayload,
  now: Date,
): Promise<'claimed' | DeliveryStatus> {
  // Several claims in flight at once: each holds a free SMTP connection until it returns, so a
  // claim waiting behind another's statement would leave that connection idle.
  return batcherFor(claimBatches, db, (inputs) => claimMany(db, inputs), { concurrency: 4 }).run({
    email,
    now,
  });
}

async function claimMany(db: PrismaClient, inputs: ClaimInput[]): Promise<('claimed' | DeliveryStatus)[]> {
  const now = inputs[0]!.now;
  // One row per key: an upsert may not touch a row twice, and two attempts for one key in one
  // statement are one claim anyway.
  const emails = [...new Map(inputs.map((i) => [i.email.idempotencyKey, i.email])).values()];
  const claimedRows = await queryRows<{ key: string }>(
    db,
    Prisma.sql`
    INSERT INTO email_deliveries
      (id, idempotency_key, user_id, recipient, subject, template, status, attempts, created_at, updated_at)
    SELECT id, key, user_id, recipient, subject, template, 'SENDING', 1, ${now}, ${now}
    FROM unnest(
      ${emails.map(() => randomUUID())}::text[], ${emails.map((e) => e.idempotencyKey)}::text[],
      ${emails.map((e) => e.userId ?? null)}::text[], ${emails.map((e) => e.to)}::text[],
      ${emails.map((e) => e.subject)}::text[], ${emails.map((e) => e.template ?? null)}::text[]
    ) AS t(id, key, user_id, recipient, subject, template)
    ON CONFLICT (idempotency_key) DO UPDATE
      SET status = 'SENDING', attempts = email_deliveries.attempts + 1, updated_at = EXCLUDED.updated_at
      WHERE email_deliveries.status = 'PENDING'
    RETURNING idempotency_key AS key`,
    PREPARED,
  );
  const claimed = new Set(claimedRows.map((r) => r.key));
  const unclaimed = emails.map((e) => e.idempotencyKey).filter((key) => !claimed.has(key));
  // Read in a statement of its own: a row another transaction committed while the upsert waited
  // on it is not in the upsert's snapshot.
  const statuses = await deliveryStatuses(db, unclaimed);
  const handedOut = new Set<string>();
  return inputs.map(({ email }) => {
    const key = email.idempotencyKey;
    if (claimed.has(key)) {
      // Two attempts for one key in one statement: only the first holds the claim.
      if (handedOut.has(key)) return 'SENDING';
      handedOut.add(key);
      return 'claimed';
    }
    return statuses.get(key) ?? 'PENDING';
  });
}

/** The status of each key's row; a key without a row is absent from the map. */
export async function deliveryStatuses(
  db: PrismaClient,
  keys: readonly string[],
): Promise<Map<string, DeliveryStatus>> {
  if (keys.length === 0) return new Map();
  const rows = await queryRows<{ key: string; status: DeliveryStatus }>(
    db,
    Prisma.sql`
    SELECT idempotency_key AS key, status::text AS status FROM email_deliveries
    WHERE idempotency_key = ANY(${keys}::text[])`,
    PREPARED,
  );
  return new Map(rows.map((row) => [row.key, row.status]));
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
    PREPARED,
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
