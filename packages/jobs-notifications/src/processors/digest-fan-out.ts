import { type NotificationDigestPayload, notificationDigestUser } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { digestPeriodKey } from '../digest/period-key';

/** Users read and enqueued per round trip. */
export const DEFAULT_DIGEST_BATCH_SIZE = 1000;

export interface DigestFanOutResult {
  frequency: string;
  periodKey: string;
  users: number;
}

/**
 * Users who turned email off (NEVER) while mail waited for their digest: what waited is not sent.
 */
async function skipOptedOut({ db, clock }: ProcessorDeps): Promise<void> {
  await db.$executeRaw`
    UPDATE notifications n SET email_status = 'SKIPPED', updated_at = ${clock.now()}
      FROM notification_preferences p
     WHERE p.user_id = n.user_id AND p.email_frequency = 'NEVER'
       AND n.email_status = 'DIGEST_PENDING' AND n.digest_id IS NULL`;
}

/**
 * A digest run: one `notification-digest-user` job per user who chose this frequency and has
 * notifications waiting that no digest holds yet (the daily run also takes users who have since
 * switched to immediate email, and drops what waited for those who switched email off). Users are read in keyset-paginated batches by
 * id (never all at once) and each batch is enqueued with one `addBulk`. The period key is fixed
 * here, so that every job of the run (and its retries) fills the same digest.
 */
export async function processDigestFanOut(
  job: Job<NotificationDigestPayload>,
  deps: ProcessorDeps,
): Promise<DigestFanOutResult> {
  const { db, queues, clock, logger } = deps;
  const { frequency } = job.data;
  const batchSize = deps.digestBatchSize ?? DEFAULT_DIGEST_BATCH_SIZE;
  const periodKey = digestPeriodKey(frequency, clock.now());
  if (frequency === 'DAILY') await skipOptedOut(deps);
  let cursor = '';
  let users = 0;
  for (;;) {
    const batch = await db.$queryRaw<{ user_id: string }[]>`
      SELECT p.user_id
      FROM notification_preferences p
      JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
      WHERE (p.email_frequency = CAST(${frequency} AS email_frequency)
             -- Switched to immediate email while mail waited for a digest: the next daily run
             -- sends what waited, rather than nothing ever.
             OR (${frequency} = 'DAILY' AND p.email_frequency = 'IMMEDIATE'))
        AND p.user_id > ${cursor}
        AND EXISTS (
          SELECT 1 FROM notifications n
          WHERE n.user_id = p.user_id AND n.email_status = 'DIGEST_PENDING' AND n.digest_id IS NULL
        )
      ORDER BY p.user_id
      LIMIT ${batchSize}`;
    if (batch.length === 0) break;
    await queues.enqueueBulk(
      notificationDigestUser,
      batch.map((row) => ({ userId: row.user_id, frequency, periodKey })),
    );
    users += batch.length;
    cursor = batch[batch.length - 1]!.user_id;
    await job.updateProgress({ users });
    if (batch.length < batchSize) break;
  }
  logger.info({ frequency, periodKey, users }, 'digest run fanned out');
  return { frequency, periodKey, users };
}
