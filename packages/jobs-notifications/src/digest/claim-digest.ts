import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@yg/db';
import type { DigestFrequency } from '@yg/job-contracts';

export interface ClaimedDigest {
  digestId: string;
  recipient: { email: string; name: string | null };
  /** Every notification the digest holds, oldest first (empty: nothing waited). */
  notifications: { title: string; message: string; createdAt: Date }[];
}

interface Row {
  digest_id: string;
  email: string;
  name: string | null;
  notification_id: string | null;
  title: string | null;
  message: string | null;
  created_at: Date | null;
}

/**
 * Finds or creates the user's digest for (frequency, period) and, only when this very statement
 * created it, claims every waiting notification no digest holds yet (`digest_id IS NULL`).
 * One statement, so one transaction: the claim happens once per digest, by whoever inserts the
 * row (`xmax = 0` tells an insert from the conflict path). A retry, a second trigger in the same
 * period, or a job overlapping a stalled one finds the digest and claims nothing; it gets the
 * notifications the digest already holds. Notifications arriving after the claim wait for the
 * next period. Undefined when the user is gone (missing or soft-deleted).
 */
export async function claimDigest(
  db: PrismaClient,
  userId: string,
  frequency: DigestFrequency,
  periodKey: string,
  now: Date,
): Promise<ClaimedDigest | undefined> {
  const rows = await db.$queryRaw<Row[]>`
    WITH u AS (
      SELECT id, email, name FROM users WHERE id = ${userId} AND deleted_at IS NULL
    ), d AS (
      INSERT INTO notification_digests (id, user_id, frequency, period_key, created_at)
      SELECT ${randomUUID()}, u.id, CAST(${frequency} AS digest_frequency), ${periodKey}, ${now} FROM u
      ON CONFLICT (user_id, frequency, period_key) DO UPDATE SET period_key = EXCLUDED.period_key
      RETURNING id, (xmax = 0) AS inserted
    ), claimed AS (
      UPDATE notifications n SET digest_id = d.id, updated_at = ${now}
      FROM d
      WHERE d.inserted AND n.user_id = ${userId} AND n.email_status = 'DIGEST_PENDING' AND n.digest_id IS NULL
      RETURNING n.id, n.title, n.message, n.created_at
    ), held AS (
      SELECT n.id, n.title, n.message, n.created_at FROM notifications n JOIN d ON n.digest_id = d.id
    )
    SELECT d.id AS digest_id, u.email, u.name,
           x.id AS notification_id, x.title, x.message, x.created_at
    FROM d CROSS JOIN u
    LEFT JOIN (SELECT * FROM claimed UNION ALL SELECT * FROM held) x ON true
    ORDER BY x.created_at, x.id`;
  const first = rows[0];
  if (!first) return undefined;
  return {
    digestId: first.digest_id,
    recipient: { email: first.email, name: first.name },
    notifications: rows
      .filter((r) => r.notification_id !== null)
      .map((r) => ({ title: r.title!, message: r.message!, createdAt: r.created_at! })),
  };
}

/** Removes a digest that claimed nothing, so that a later run in the period may claim again. */
export async function dropEmptyDigest(db: PrismaClient, digestId: string): Promise<void> {
  await db.$executeRaw`
    DELETE FROM notification_digests d
    WHERE d.id = ${digestId} AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.digest_id = d.id)`;
}
