import type { DigestFrequency, EmailSendPayload } from '@yg/job-contracts';
import type { ProcessorDeps } from '../deps';
import { digestEmailJob } from '../email/email-jobs';
import { queueEmails } from '../email/queue-emails';
import { claimDigests, dropEmptyDigests } from './claim-digest';

export interface QueuedDigest {
  userId: string;
  digestId: string;
  notifications: number;
}

export interface QueuedDigests {
  /** Digests whose email is queued (again, on a retry: the email is deduplicated by its key). */
  queued: QueuedDigest[];
  /**
   * Digests whose email the email queue refused (the user's address, say): recorded FAILED with
   * the reason, their notifications FAILED (see {@link queueEmails}).
   */
  refused: QueuedDigest[];
  /** Users with nothing to claim: no email, and no empty digest left behind. */
  empty: number;
  /** Users missing or soft-deleted. */
  gone: number;
}

/**
 * The digests of a batch of users for one period: claimed in one statement (see
 * {@link claimDigests}), then one email each, listing the digest's notifications under the key
 * `digest:<id>`, queued with one `addBulk` (see {@link queueEmails}). The email worker sends it at
 * most once, then marks the digest sent and its notifications SENT. Safe to run again for the same users and period: a
 * digest claims once, and its email is queued under the same key.
 */
export async function queueDigests(
  deps: Pick<ProcessorDeps, 'db' | 'queues' | 'clock' | 'logger'>,
  userIds: readonly string[],
  frequency: DigestFrequency,
  periodKey: string,
): Promise<QueuedDigests> {
  const { db, clock } = deps;
  const digests = await claimDigests(db, userIds, frequency, periodKey, clock.now());
  const emails: EmailSendPayload[] = [];
  const claimed: QueuedDigest[] = [];
  const empty: string[] = [];
  let gone = 0;
  for (const [i, digest] of digests.entries()) {
    if (!digest) gone++;
    else if (digest.notifications.length === 0) empty.push(digest.digestId);
    else {
      const userId = userIds[i]!;
      emails.push(digestEmailJob({ ...digest, userId, frequency }));
      claimed.push({ userId, digestId: digest.digestId, notifications: digest.notifications.length });
    }
  }
  await dropEmptyDigests(db, empty);
  const refusedKeys = await queueEmails(deps, emails);
  const queued: QueuedDigest[] = [];
  const refused: QueuedDigest[] = [];
  for (const [i, digest] of claimed.entries()) {
    (refusedKeys.has(emails[i]!.idempotencyKey) ? refused : queued).push(digest);
  }
  return { queued, refused, empty: empty.length, gone };
}
