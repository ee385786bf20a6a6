import type { DigestFrequency, NotificationDigestPayload } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { finishDigestRun, startDigestRun } from '../digest/digest-runs';
import { digestPeriodKey } from '../digest/period-key';
import { queueDigests } from '../digest/queue-digests';

/** Users read, claimed and queued per batch. */
export const DEFAULT_DIGEST_BATCH_SIZE = 1000;

export interface DigestFanOutResult {
  frequency: string;
  periodKey: string;
  /** Users walked: each has a digest claimed and its email queued. */
  users: number;
  /** Of those, digests a previous attempt of this run claimed, queued again. */
  resumed: number;
  /** Digests whose email the email queue refused (the address, say): recorded FAILED. */
  refused: number;
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
 * Digests of this period that an earlier attempt of the run claimed and may have stopped before
 * queuing their email: their users, in keyset-paginated batches. The claim is done, so the
 * walk below no longer finds them.
 */
async function* unsentDigestUsers(
  { db }: ProcessorDeps,
  frequency: DigestFrequency,
  periodKey: string,
  batchSize: number,
): AsyncGenerator<string[]> {
  for (let cursor = ''; ; ) {
    const batch = await db.$queryRaw<{ user_id: string }[]>`
      SELECT d.user_id FROM notification_digests d
      WHERE d.frequency = CAST(${frequency} AS digest_frequency) AND d.period_key = ${periodKey}
        AND d.sent_at IS NULL AND d.user_id > ${cursor}
        AND EXISTS (SELECT 1 FROM notifications n WHERE n.digest_id = d.id AND n.email_status = 'DIGEST_PENDING')
      ORDER BY d.user_id
      LIMIT ${batchSize}`;
    if (batch.length === 0) return;
    yield batch.map((row) => row.user_id);
    cursor = batch[batch.length - 1]!.user_id;
    if (batch.length < batchSize) return;
  }
}

/**
 * A digest run: one email per user who chose this frequency and has notifications waiting that
 * no digest holds yet (the daily run also takes users who have since switched to immediate email,
 * and drops what waited for those who switched email off). Users are read in keyset-paginated
 * batches by id (never all at once); each batch's digests are claimed in one statement and their
 * emails queued with one `addBulk` (see {@link queueDigests}), so a user costs the run no job of
 * its own. The period key is fixed here (or given, when the sweep resumes a run Redis lost), so
 * that the run's retries fill the same digests; a retry (or a resume) first queues again the emails
 * of digests an earlier attempt claimed. The run is recorded in PostgreSQL from its start to its end, so that
 * the sweep finds it if its job is lost (see {@link startDigestRun}).
 */
export async function processDigestFanOut(
  job: Job<NotificationDigestPayload>,
  deps: ProcessorDeps,
): Promise<DigestFanOutResult> {
  const { db, clock, logger } = deps;
  const { frequency } = job.data;
  const batchSize = deps.digestBatchSize ?? DEFAULT_DIGEST_BATCH_SIZE;
  const periodKey = job.data.periodKey ?? digestPeriodKey(frequency, clock.now());
  await startDigestRun(db, frequency, periodKey, clock.now());
  if (frequency === 'DAILY') await skipOptedOut(deps);
  let resumed = 0;
  let refused = 0;
  // A retry, or a run the sweep resumes: digests an earlier attempt claimed may have lost their
  // email jobs with it.
  if (job.attemptsStarted > 1 || job.data.periodKey !== undefined) {
    for await (const userIds of unsentDigestUsers(deps, frequency, periodKey, batchSize)) {
      const again = await queueDigests(deps, userIds, frequency, periodKey);
      resumed += again.queued.length;
      refused += again.refused.length;
    }
  }
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
    const digests = await queueDigests(
      deps,
      batch.map((row) => row.user_id),
      frequency,
      periodKey,
    );
    refused += digests.refused.length;
    users += batch.length;
    cursor = batch[batch.length - 1]!.user_id;
    await job.updateProgress({ users });
    if (batch.length < batchSize) break;
  }
  await finishDigestRun(db, frequency, periodKey, clock.now());
  logger.info({ frequency, periodKey, users, resumed, refused }, 'digest run queued its emails');
  return { frequency, periodKey, users, resumed, refused };
}
