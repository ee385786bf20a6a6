import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient, queryRows } from '@yg/db';
import type { DigestFrequency } from '@yg/job-contracts';

export interface ClaimedDigest {
  digestId: string;
  recipient: { email: string; name: string | null };
  /** Every notification the digest holds, oldest first (empty: nothing waited). */
  notifications: { title: string; message: string; createdAt: Date }[];
}

interface Row {
  user_id: string;
  digest_id: string;
  email: string;
  name: string | null;
  notification_id: string | null;
  title: string | null;
  message: string | null;
  created_at: Date | null;
}

/**
 * Finds or creates each user's digest for (frequency, period) and, only where this very statement
 * created it, claims every waiting notification no digest holds yet (`digest_id IS NULL`).
 * One statement for the whole batch, so one transaction: the claim happens once per digest, by
 * whoever inserts the row (`xmax = 0` tells an insert from the conflict path). A retry, a second
 * trigger in the same period, or a run overlapping a stalled one finds the digest and claims
 * nothing; it gets the notifications the digest already holds. Notifications arriving after the
 * claim wait for the next period. One answer per user, in order: undefined when the user is gone
 * (missing or soft-deleted).
 */
export async function claimDigests(
  db: PrismaClient,
  userIds: readonly string[],
  frequency: DigestFrequency,
  periodKey: string,
  now: Date,
): Promise<(ClaimedDigest | undefined)[]> {
  if (userIds.length === 0) return [];
  // An upsert may not touch a row twice: one input row per user.
  const unique = [...new Set(userIds)];
  const rows = await queryRows<Row>(
    db,
    Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${unique.map(() => randomUUID())}::text[], ${unique}::text[]
      ) AS t(new_id, user_id)
    ), u AS (
      SELECT i.*, u.email, u.name FROM input i JOIN users u ON u.id = i.user_id AND u.deleted_at IS NULL
    ), d AS (
      INSERT INTO notification_digests (id, user_id, frequency, period_key, created_at)
      SELECT new_id, user_id, CAST(${frequency} AS digest_frequency), ${periodKey}, ${now} FROM u
      ON CONFLICT (user_id, frequency, period_key) DO UPDATE SET period_key = EXCLUDED.period_key
      RETURNING id, user_id, (xmax = 0) AS inserted
    ), claimed AS (
      UPDATE notifications n SET digest_id = d.id, updated_at = ${now}
      FROM d
      WHERE d.inserted AND n.user_id = d.user_id AND n.email_status = 'DIGEST_PENDING' AND n.digest_id IS NULL
      RETURNING n.id, n.digest_id, n.title, n.message, n.created_at
    ), held AS (
      -- Only a digest found (not inserted) holds notifications already: said outright, so that
      -- the planner looks them up by digest rather than scanning every notification to join.
      SELECT n.id, n.digest_id, n.title, n.message, n.created_at
      FROM d JOIN notifications n ON n.digest_id = d.id WHERE NOT d.inserted
    )
    SELECT d.user_id, d.id AS digest_id, u.email, u.name,
           x.id AS notification_id, x.title, x.message, x.created_at
    FROM d JOIN u ON u.user_id = d.user_id
    LEFT JOIN (SELECT * FROM claimed UNION ALL SELECT * FROM held) x ON x.digest_id = d.id
    ORDER BY x.created_at, x.id`,
  );
  const byUser = new Map<string, ClaimedDigest>();
  for (const row of rows) {
    let digest = byUser.get(row.user_id);
    if (!digest) {
      digest = {
        digestId: row.digest_id,
        recipient: { email: row.email, name: row.name },
        notifications: [],
      };
      byUser.set(row.user_id, digest);
    }
    if (row.notification_id !== null) {
      digest.notifications.push({ title: row.title!, message: row.message!, createdAt: row.created_at! });
    }
  }
  return userIds.map((userId) => byUser.get(userId));
}

/** Removes digests that claimed nothing, so that a later run in the period may claim again. */
export async function dropEmptyDigests(db: PrismaClient, digestIds: readonly string[]): Promise<void> {
  if (digestIds.length === 0) return;
  await db.$executeRaw`
    DELETE FROM notification_digests d
    WHERE d.id = ANY(${digestIds}::text[])
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.digest_id = d.id)`;
}
