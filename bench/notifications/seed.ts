import type { PrismaClient } from '@yg/db';

/** The id prefix of yesterday's rows, which every round keeps. */
const PREVIOUS = 'prev_';

/**
 * `users` DAILY users with `perUser` notifications each, all waiting for the daily digest, on a
 * platform that has run digests before: yesterday's run is in the tables too (each user's digest,
 * its notifications SENT and its email delivery SENT). A run on empty digest and delivery tables
 * happens once in a deployment's life, and it measures PostgreSQL's plans for an empty table —
 * a foreign-key check planned while `notification_digests` was empty scans the whole table for
 * every notification claimed — rather than the run that happens every day.
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
  await db.$executeRaw`
    INSERT INTO notification_digests (id, user_id, frequency, period_key, created_at, sent_at)
    SELECT ${PREVIOUS} || lpad(i::text, 6, '0'), 'bu_' || lpad(i::text, 6, '0'), 'DAILY', 'previous-day',
           now() - interval '1 day', now() - interval '1 day'
    FROM generate_series(1, ${users}::int) AS i`;
  await db.$executeRaw`
    INSERT INTO notifications
      (id, user_id, type, title, message, email_status, delivered_at, emailed_at, digest_id, created_at)
    SELECT ${PREVIOUS} || lpad(i::text, 6, '0') || '_' || k, 'bu_' || lpad(i::text, 6, '0'), 'PROJECT_UPDATED',
           'Project update ' || k, 'Project "Moon ' || i || '" was updated yesterday', 'SENT',
           now() - interval '1 day', now() - interval '1 day', ${PREVIOUS} || lpad(i::text, 6, '0'),
           now() - interval '2 days'
    FROM generate_series(1, ${users}::int) AS i, generate_series(1, ${perUser}::int) AS k`;
  await db.$executeRaw`
    INSERT INTO email_deliveries
      (id, idempotency_key, user_id, recipient, subject, template, status, attempts, sent_at, created_at, updated_at)
    SELECT ${PREVIOUS} || lpad(i::text, 6, '0'), 'digest:' || ${PREVIOUS} || lpad(i::text, 6, '0'),
           'bu_' || lpad(i::text, 6, '0'), 'bench-' || i || '@example.com', 'Your daily digest', 'digest', 'SENT', 1,
           now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
    FROM generate_series(1, ${users}::int) AS i`;
  await db.$executeRaw`ANALYZE`;
}

/** Puts every notification back to "waiting for the digest", so that a round can run again. */
export async function resetDigests(db: PrismaClient): Promise<void> {
  await db.$transaction([
    db.$executeRaw`
      UPDATE notifications SET email_status = 'DIGEST_PENDING', digest_id = NULL, emailed_at = NULL
      WHERE NOT starts_with(id, ${PREVIOUS})`,
    db.$executeRaw`DELETE FROM email_deliveries WHERE NOT starts_with(id, ${PREVIOUS})`,
    db.$executeRaw`DELETE FROM notification_digests WHERE NOT starts_with(id, ${PREVIOUS})`,
  ]);
  // As autovacuum would have left them by the next day.
  await db.$executeRaw`VACUUM ANALYZE notifications, notification_digests, email_deliveries`;
}
