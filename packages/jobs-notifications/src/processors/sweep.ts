import {
  type DigestFrequency,
  emailSendBatch,
  type NotificationDigestPayload,
  type NotificationSweepPayload,
  notificationDelivery,
  notificationDigest,
} from '@yg/job-contracts';
import type { Job, Queue } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { unfinishedDigestRuns } from '../digest/digest-runs';
import { digestEmailJob, notificationEmailJob } from '../email/email-jobs';
import { queueEmails } from '../email/queue-emails';
import { markAbandonedSends } from '../sweep/abandoned-sends';
import { lostDeliveries } from '../sweep/lost-deliveries';
import { owedDigestEmails, owedNotificationEmails, unrebuildablePending } from '../sweep/owed-emails';
import { DEFAULT_SWEEP_SETTINGS } from '../sweep/sweep-settings';

export interface SweepResult {
  /** Notifications whose delivery was queued again. */
  deliveries: number;
  /** Notification emails queued again (rebuilt from the notification). */
  notificationEmails: number;
  /** Digest emails queued again (rebuilt from the digest). */
  digestEmails: number;
  /** Digest runs resumed in their period: their job was lost or failed before every user was walked. */
  digestRuns: number;
  /** Emails stuck SENDING, marked UNCONFIRMED. */
  unconfirmed: number;
  /** PENDING emails of other senders, which the row alone cannot rebuild (left as they are). */
  unrebuildable: number;
}

/**
 * PostgreSQL is the source of truth and Redis may lose its data: work recorded here but no longer
 * queued is queued again. Each walk is keyset-paginated (by id, in bounded batches) and each
 * batch enqueued at once; the contracts' deduplication collapses a job that is in fact still
 * queued (digest mail, queued in batches, only once its queue has drained), and what the jobs do is idempotent (an email's key is recorded before it is sent), so
 * a sweep that queues something twice sends nothing twice.
 *
 * (a) notifications never delivered → their delivery; (b) emails owed (a delivered notification
 * still emailing, a digest not sent) whose row is absent or PENDING → the email, rebuilt from the
 * notification or the digest; (c) emails SENDING far past any live attempt → UNCONFIRMED; (d) a
 * digest run that started and never finished → the run again, in its period (a run still going
 * holds its deduplication id, so the new one collapses into it).
 */
export async function processNotificationSweep(
  _job: Job<NotificationSweepPayload>,
  deps: ProcessorDeps,
): Promise<SweepResult> {
  const { db, queues, clock, logger } = deps;
  const { graceMs, sendingGraceMs, batchSize } = { ...DEFAULT_SWEEP_SETTINGS, ...deps.sweep };
  const now = clock.now();
  const cutoff = new Date(now.getTime() - graceMs);
  const result: SweepResult = {
    deliveries: 0,
    notificationEmails: 0,
    digestEmails: 0,
    digestRuns: 0,
    unconfirmed: 0,
    unrebuildable: 0,
  };

  for (let cursor = ''; ; ) {
    const ids = await lostDeliveries(db, cutoff, cursor, batchSize);
    if (ids.length === 0) break;
    await queues.enqueueBulk(
      notificationDelivery,
      ids.map((notificationId) => ({ notificationId })),
    );
    result.deliveries += ids.length;
    cursor = ids[ids.length - 1]!;
    if (ids.length < batchSize) break;
  }

  for (let cursor = ''; ; ) {
    const owed = await owedNotificationEmails(db, cutoff, cursor, batchSize);
    if (owed.length === 0) break;
    await queueEmails(
      deps,
      owed.map((n) => notificationEmailJob(n, { email: n.email, name: n.name })),
    );
    result.notificationEmails += owed.length;
    cursor = owed[owed.length - 1]!.id;
    if (owed.length < batchSize) break;
  }

  // BullMQ deduplicates a job, not an email inside a batch: while digest mail is queued, an owed
  // digest email is most likely waiting in it (a run's backlog under its rate limit lasts longer
  // than the grace), and queueing it again would send a second batch through the limiter. What
  // Redis really lost is queued once the digest mail queue has drained.
  const digestMailQueued = await queuedJobs(queues.queue(emailSendBatch));
  for (let cursor = ''; digestMailQueued === 0; ) {
    const owed = await owedDigestEmails(db, cutoff, cursor, batchSize);
    if (owed.length === 0) break;
    await queueEmails(
      deps,
      owed.map((d) =>
        digestEmailJob({
          digestId: d.id,
          userId: d.userId,
          frequency: d.frequency,
          recipient: { email: d.email, name: d.name },
          notifications: d.notifications,
        }),
      ),
    );
    result.digestEmails += owed.length;
    cursor = owed[owed.length - 1]!.id;
    if (owed.length < batchSize) break;
  }

  const runsInQueue = await digestRunsInQueue(queues.queue(notificationDigest));
  for (const run of await unfinishedDigestRuns(db, cutoff)) {
    if (runsInQueue.has(run.frequency)) continue;
    const { status } = await queues.enqueue(notificationDigest, run);
    if (status === 'added') result.digestRuns++;
  }

  const sendingCutoff = new Date(now.getTime() - sendingGraceMs);
  for (;;) {
    const marked = await markAbandonedSends(db, sendingCutoff, now, batchSize);
    result.unconfirmed += marked;
    if (marked < batchSize) break;
  }

  result.unrebuildable = await unrebuildablePending(db, cutoff);
  const found =
    result.deliveries +
    result.notificationEmails +
    result.digestEmails +
    result.digestRuns +
    result.unconfirmed;
  if (found > 0) logger.warn(result, 'notification sweep found lost work and queued it again');
  if (result.unrebuildable > 0) {
    logger.warn(
      { unrebuildable: result.unrebuildable },
      'emails PENDING past the grace period whose body only their sender has: not queued again',
    );
  }
  return result;
}

/**
 * The frequencies whose run the digest queue holds: waiting, running, or back in `delayed` after
 * it started (a retry's backoff). A run that never started and is delayed is the scheduler's next
 * one, a later period's: it does not stand for the run in the table.
 */
async function digestRunsInQueue(
  queue: Pick<Queue<NotificationDigestPayload>, 'getJobs'>,
): Promise<Set<DigestFrequency>> {
  const [going, delayed] = await Promise.all([
    queue.getJobs(['active', 'waiting', 'prioritized']),
    queue.getJobs(['delayed']),
  ]);
  const runs = [...going, ...delayed.filter((job) => job.attemptsStarted > 0)];
  // A job removed between the listing and its read comes back undefined.
  return new Set(runs.filter(Boolean).map((job) => job.data.frequency));
}

/** Jobs a queue holds that are still to run or running (a paused queue's are `waiting`). */
async function queuedJobs(queue: Pick<Queue, 'getJobCounts'>): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
