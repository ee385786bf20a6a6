import type { NotificationDigestUserPayload } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { digestPeriodKey } from '../digest/period-key';
import { queueDigests } from '../digest/queue-digests';

export type UserDigestResult =
  | { status: 'empty' | 'user-gone' }
  | { status: 'queued'; digestId: string; notifications: number }
  /** The email queue refused the digest's email (the address, say): recorded FAILED, not sent. */
  | { status: 'refused'; digestId: string; notifications: number };

/**
 * One user's digest, as a run queues it for each of its users (see {@link queueDigests}): for a
 * digest on demand, and for the jobs an earlier version's runs queued one per user.
 */
export async function processUserDigest(
  job: Job<NotificationDigestUserPayload>,
  deps: ProcessorDeps,
): Promise<UserDigestResult> {
  const { userId, frequency } = job.data;
  const periodKey = job.data.periodKey ?? digestPeriodKey(frequency, deps.clock.now());
  const { queued, refused, empty } = await queueDigests(deps, [userId], frequency, periodKey);
  const [digest] = queued;
  if (digest) return { status: 'queued', digestId: digest.digestId, notifications: digest.notifications };
  const [unsendable] = refused;
  if (unsendable) {
    return { status: 'refused', digestId: unsendable.digestId, notifications: unsendable.notifications };
  }
  return { status: empty > 0 ? 'empty' : 'user-gone' };
}
