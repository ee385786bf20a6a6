import type { PrismaClient } from '@yg/db';

/**
 * `users` DAILY users with `perUser` notifications each, all waiting for the daily digest, in
 * three set-based INSERTs.
 */
export async function seedDigestUsers(db: PrismaClient, users: number, perUser: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO users (id, email, name)
    SELECT 'bu_' || lpad(i::text, 6, '0'), 'bench-' || i || '@example.com', 'Bench user ' || i
    FROM generate_series(1, ${users}::int) AS i`;
  await db.$executeRaw`
    INSERT INTO notification_preferences (id, user_id, email_frequency)
    SELECT 'bp_' || lpad(i::text, 6, '0'), 'bu_' || lpad(i::text, 6, '0'), 'DAILY'
    FROM generate_series(1, ${users}::int) AS i`;
  await db.$executeRaw`
    INSERT INTO notifications (id, user_id, type, title, message, metadata, email_status, delivered_at)
    SELECT 'bn_' || lpad(i::text, 6, '0') || '_' || k, 'bu_' || lpad(i::text, 6, '0'), 'PROJECT_UPDATED',
           'Project update ' || k, 'Project "Moon ' || i || '" has been updated', jsonb_build_object('projectId', 'prj_' || i),
           'DIGEST_PENDING', now()
    FROM generate_series(1, ${users}::int) AS i, generate_series(1, ${perUser}::int) AS k`;
  await db.$executeRaw`ANALYZE`;
}

/** Puts every notification back to "waiting for the digest", so that a round can run again. */
export async function resetDigests(db: PrismaClient): Promise<void> {
  await db.$transaction([
    db.$executeRaw`UPDATE notifications SET email_status = 'DIGEST_PENDING', digest_id = NULL, emailed_at = NULL`,
    db.$executeRaw`DELETE FROM email_deliveries`,
    db.$executeRaw`DELETE FROM notification_digests`,
  ]);
  await db.$executeRaw`VACUUM ANALYZE notifications`;
}
