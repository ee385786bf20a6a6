import { emailSend, type NotificationDigestUserPayload } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { claimDigest, dropEmptyDigest } from '../digest/claim-digest';
import { digestPeriodKey } from '../digest/period-key';
import { digestEmailJob } from '../email/email-jobs';

export type UserDigestResult =
  | { status: 'empty' | 'user-gone' }
  | { status: 'queued'; digestId: string; notifications: number };

/**
 * One user's digest: claim (see {@link claimDigest}), then queue one email listing the digest's
 * notifications with the key `digest:<id>`. The email worker records it before sending, sends it
 * at most once, and then marks the digest sent and its notifications SENT. Nothing to claim: no
 * email, and no empty digest left behind.
 */
export async function processUserDigest(
  job: Job<NotificationDigestUserPayload>,
  deps: ProcessorDeps,
): Promise<UserDigestResult> {
  const { db, queues, clock } = deps;
  const { userId, frequency } = job.data;
  const now = clock.now();
  const periodKey = job.data.periodKey ?? digestPeriodKey(frequency, now);

  const digest = await claimDigest(db, userId, frequency, periodKey, now);
  if (!digest) return { status: 'user-gone' };
  if (digest.notifications.length === 0) {
    await dropEmptyDigest(db, digest.digestId);
    return { status: 'empty' };
  }

  // Queued again on a retry: the email job is deduplicated by its key and sends at most once.
  await queues.enqueue(emailSend, digestEmailJob({ ...digest, userId, frequency }));
  return { status: 'queued', digestId: digest.digestId, notifications: digest.notifications.length };
}
