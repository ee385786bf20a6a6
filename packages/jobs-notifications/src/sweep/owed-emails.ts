import type { PrismaClient } from '@yg/db';
import type { DigestFrequency } from '@yg/job-contracts';

// An email is owed when what it is about says "not sent yet" and its EmailDelivery row is absent
// (the job was lost before a connection took it) or still PENDING (lost between retries, after an
// SMTP outage or a 4xx). A row in any other state has an attempt that did or may have sent it: never
// queued again. The idempotency keys are the ones the delivery and digest jobs give their emails.

export interface OwedNotificationEmail {
  id: string;
  userId: string;
  type: string;
  title: string;
  message: string;
  metadata: unknown;
  email: string;
  name: string | null;
}

/**
 * One batch of delivered notifications whose own email (decided IMMEDIATE: the only decision that
 * leaves `email_status` PENDING once delivered) was not sent, delivered before `cutoff`.
 */
export function owedNotificationEmails(
  db: PrismaClient,
  cutoff: Date,
  cursor: string,
  limit: number,
): Promise<OwedNotificationEmail[]> {
  return db.$queryRaw<OwedNotificationEmail[]>`
    SELECT n.id, n.user_id AS "userId", n.type, n.title, n.message, n.metadata, u.email, u.name
    FROM notifications n
    JOIN users u ON u.id = n.user_id AND u.deleted_at IS NULL
    LEFT JOIN email_deliveries e ON e.idempotency_key = 'notification:' || n.id
    WHERE n.email_status = 'PENDING' AND n.delivered_at < ${cutoff}
      AND (e.id IS NULL OR (e.status = 'PENDING' AND e.updated_at < ${cutoff}))
      AND n.id > ${cursor}
    ORDER BY n.id
    LIMIT ${limit}`;
}

export interface OwedDigestEmail {
  id: string;
  userId: string;
  frequency: DigestFrequency;
  email: string;
  name: string | null;
  notifications: { title: string; message: string; createdAt: Date }[];
}

/** One batch of digests that claimed notifications before `cutoff` and whose email was not sent. */
export async function owedDigestEmails(
  db: PrismaClient,
  cutoff: Date,
  cursor: string,
  limit: number,
): Promise<OwedDigestEmail[]> {
  const digests = await db.$queryRaw<Omit<OwedDigestEmail, 'notifications'>[]>`
    SELECT d.id, d.user_id AS "userId", d.frequency::text AS frequency, u.email, u.name
    FROM notification_digests d
    JOIN users u ON u.id = d.user_id AND u.deleted_at IS NULL
    LEFT JOIN email_deliveries e ON e.idempotency_key = 'digest:' || d.id
    WHERE d.sent_at IS NULL AND d.created_at < ${cutoff}
      AND (e.id IS NULL OR (e.status = 'PENDING' AND e.updated_at < ${cutoff}))
      AND EXISTS (SELECT 1 FROM notifications n WHERE n.digest_id = d.id AND n.email_status = 'DIGEST_PENDING')
      AND d.id > ${cursor}
    ORDER BY d.id
    LIMIT ${limit}`;
  if (digests.length === 0) return [];
  // The digest's notifications, as the digest job lists them (oldest first).
  const held = await db.$queryRaw<{ digestId: string; title: string; message: string; createdAt: Date }[]>`
    SELECT digest_id AS "digestId", title, message, created_at AS "createdAt"
    FROM notifications
    WHERE digest_id = ANY(${digests.map((d) => d.id)}::text[])
    ORDER BY created_at, id`;
  return digests.map((d) => ({
    ...d,
    notifications: held
      .filter((n) => n.digestId === d.id)
      .map(({ title, message, createdAt }) => ({ title, message, createdAt })),
  }));
}

/**
 * EmailDelivery rows PENDING since before `cutoff` whose key is none of this package's: the row
 * does not hold the body, so they cannot be rebuilt here. Counted, for the log.
 */
export async function unrebuildablePending(db: PrismaClient, cutoff: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM email_deliveries
    WHERE status = 'PENDING' AND updated_at < ${cutoff}
      AND idempotency_key NOT LIKE 'notification:%' AND idempotency_key NOT LIKE 'digest:%'`;
  return Number(row?.count ?? 0);
}
