import type { PrismaClient } from '@yg/db';
import { queueNotificationDelivery } from '@yg/jobs-notifications';
import type { QueueClient } from '@yg/queue-core';
import type { ScenarioReport } from './report';
import type { CountingSmtpServer } from './services/smtp-server';

export interface ChaosNotification {
  id: string;
  /** Its user's address: the user has no other notification, so it names this one's email. */
  recipient: string;
}

/** `count` users of the scenario `tag`, each with a preferences row saying `frequency`. */
async function createUsers(
  db: PrismaClient,
  tag: string,
  count: number,
  frequency: 'IMMEDIATE' | 'DAILY' | 'NEVER',
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO users (id, email, name)
    SELECT 'cu_' || ${tag} || '_' || i, 'chaos-' || ${tag} || '-' || i || '@example.test', 'Chaos user ' || i
      FROM generate_series(1, ${count}::int) AS i`;
  await db.$executeRaw`
    INSERT INTO notification_preferences (id, user_id, email_frequency)
    SELECT 'cp_' || ${tag} || '_' || i, 'cu_' || ${tag} || '_' || i, CAST(${frequency} AS email_frequency)
      FROM generate_series(1, ${count}::int) AS i`;
}

/**
 * `count` users who want email immediately, one notification each (PENDING, not delivered):
 * every one must end in exactly one email.
 */
export async function createEmailedNotifications(
  db: PrismaClient,
  tag: string,
  count: number,
): Promise<ChaosNotification[]> {
  await createUsers(db, tag, count, 'IMMEDIATE');
  await db.$executeRaw`
    INSERT INTO notifications (id, user_id, type, title, message, metadata)
    SELECT 'cn_' || ${tag} || '_' || i, 'cu_' || ${tag} || '_' || i, 'PROJECT_UPDATED', 'Project update ' || i,
           'Project "Chaos ' || i || '" has been updated', jsonb_build_object('projectId', 'prj_' || i)
      FROM generate_series(1, ${count}::int) AS i`;
  return Array.from({ length: count }, (_, k) => ({
    id: `cn_${tag}_${k + 1}`,
    recipient: `chaos-${tag}-${k + 1}@example.test`,
  }));
}

/**
 * `count` DAILY users with `perUser` delivered notifications each, waiting for the digest: each
 * user must end with exactly one digest email. One entry per user, named by its first
 * notification.
 */
export async function createDigestUsers(
  db: PrismaClient,
  tag: string,
  count: number,
  perUser: number,
): Promise<ChaosNotification[]> {
  await createUsers(db, tag, count, 'DAILY');
  await db.$executeRaw`
    INSERT INTO notifications (id, user_id, type, title, message, email_status, delivered_at)
    SELECT 'cn_' || ${tag} || '_' || i || '_' || k, 'cu_' || ${tag} || '_' || i, 'PROJECT_UPDATED',
           'Project update ' || k, 'Project "Chaos ' || i || '" has been updated', 'DIGEST_PENDING', now()
      FROM generate_series(1, ${count}::int) AS i, generate_series(1, ${perUser}::int) AS k`;
  return Array.from({ length: count }, (_, k) => ({
    id: `cn_${tag}_${k + 1}_1`,
    recipient: `chaos-${tag}-${k + 1}@example.test`,
  }));
}

/**
 * `count` notifications spread over 100 users who never want email: the cheapest real job there
 * is (read, decide, publish, mark delivered), for the soak.
 */
export async function createSilentNotifications(
  db: PrismaClient,
  tag: string,
  count: number,
): Promise<string[]> {
  await createUsers(db, tag, 100, 'NEVER');
  await db.$executeRaw`
    INSERT INTO notifications (id, user_id, type, title, message)
    SELECT 'cn_' || ${tag} || '_' || i, 'cu_' || ${tag} || '_' || (1 + i % 100), 'PROJECT_UPDATED',
           'Quiet update ' || i, 'Nothing to email'
      FROM generate_series(1, ${count}::int) AS i`;
  return Array.from({ length: count }, (_, k) => `cn_${tag}_${k + 1}`);
}

/** Queues each delivery; returns the notifications whose enqueue the producer saw succeed. */
export async function queueDeliveries<T extends { id: string }>(
  client: QueueClient,
  notifications: readonly T[],
): Promise<T[]> {
  const results = await Promise.allSettled(
    notifications.map((n) => queueNotificationDelivery(n.id, { client })),
  );
  return notifications.filter((_, i) => results[i]!.status === 'fulfilled');
}

export interface MailCheck {
  /** Emails never received that the system does not hold in doubt: lost for good. */
  lost: number;
  /**
   * Emails never received whose row is UNCONFIRMED: a worker died while a connection had the
   * message, so it may have left, and at-most-once does not send it again. Bounded by the
   * connections in use when the worker died (kills × SMTP_POOL_SIZE).
   */
  inDoubt: number;
  /** Emails received more than once. */
  doubled: number;
}

/**
 * The statuses of an email that may have left without a record of it: UNCONFIRMED, and SENDING
 * where no job is left to come back to the row (Redis lost them): it stays SENDING until the
 * sweep's sending grace (30 minutes) marks it UNCONFIRMED.
 */
export type InDoubtStatuses = readonly ('UNCONFIRMED' | 'SENDING')[];

export async function checkMail(
  smtp: CountingSmtpServer,
  notifications: readonly ChaosNotification[],
  db: PrismaClient,
  inDoubtStatuses: InDoubtStatuses = ['UNCONFIRMED'],
): Promise<MailCheck> {
  const unconfirmed = new Set(
    (
      await db.$queryRaw<{ recipient: string }[]>`
        SELECT recipient FROM email_deliveries WHERE status::text = ANY(${[...inDoubtStatuses]}::text[])`
    ).map((row) => row.recipient),
  );
  let lost = 0;
  let inDoubt = 0;
  let doubled = 0;
  for (const { recipient } of notifications) {
    const count = smtp.count(recipient);
    if (count === 0 && unconfirmed.has(recipient)) inDoubt++;
    else if (count === 0) lost++;
    if (count > 1) doubled++;
  }
  return { lost, inDoubt, doubled };
}

/** Notifications of `ids` not delivered in-app yet (`delivered_at` unset). */
export async function undelivered(db: PrismaClient, ids: readonly string[]): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM notifications WHERE id = ANY(${[...ids]}::text[]) AND delivered_at IS NULL`;
  return row?.n ?? 0;
}

/** Email rows by status, e.g. `{ SENT: 498, UNCONFIRMED: 2 }`: UNCONFIRMED ones were given up on. */
export async function deliveryStatuses(db: PrismaClient): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ status: string; n: number }[]>`
    SELECT status::text, count(*)::int AS n FROM email_deliveries GROUP BY status`;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export interface DigestCheck {
  /** Users with more than one digest in the period: each would get two emails. */
  usersWithTwo: number;
  /** Notifications in no digest: never emailed. */
  unsent: number;
  /** Notifications not SENT whose digest's email is not held in doubt (see {@link InDoubtStatuses}). */
  notSent: number;
}

/** What a digest run left in the tables, once every queue is idle. */
export async function checkDigests(
  db: PrismaClient,
  inDoubtStatuses: InDoubtStatuses = ['UNCONFIRMED'],
): Promise<DigestCheck> {
  const [row] = await db.$queryRaw<DigestCheck[]>`
    SELECT
      (SELECT count(*)::int FROM (SELECT user_id FROM notification_digests GROUP BY user_id HAVING count(*) > 1) t)
        AS "usersWithTwo",
      (SELECT count(*)::int FROM notifications WHERE digest_id IS NULL) AS unsent,
      (SELECT count(*)::int FROM notifications n WHERE n.email_status <> 'SENT' AND NOT EXISTS (
         SELECT 1 FROM email_deliveries e WHERE e.idempotency_key = 'digest:' || n.digest_id
           AND e.status::text = ANY(${[...inDoubtStatuses]}::text[])
       )) AS "notSent"`;
  return row!;
}

/**
 * What every digest scenario promises once the queues are idle: each user got exactly one digest
 * or holds one in doubt (at most `inDoubtBound`: the connections the fault cut), and every
 * notification is in exactly one digest, SENT or in doubt.
 */
export function expectDigestsDelivered(
  report: ScenarioReport,
  mail: MailCheck,
  digests: DigestCheck,
  inDoubt: { bound: number; what: string },
): void {
  report.expect(mail.lost === 0, `${mail.lost} digests never arrived and are not held in doubt`);
  report.expect(
    mail.inDoubt <= inDoubt.bound,
    `${mail.inDoubt} digests in doubt, more than the ${inDoubt.bound} ${inDoubt.what}`,
  );
  report.expect(mail.doubled === 0, `${mail.doubled} users got more than one digest`);
  report.expect(digests.usersWithTwo === 0, `${digests.usersWithTwo} users have two digests`);
  report.expect(digests.unsent === 0, `${digests.unsent} notifications are in no digest`);
  report.expect(digests.notSent === 0, `${digests.notSent} notifications not SENT nor in doubt`);
}
