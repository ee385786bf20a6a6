import { triggerDigestManually } from '@yg/jobs-notifications';
import type { QueueClient } from '@yg/queue-core';
import { sleep } from './queues';

/**
 * Triggers a daily digest run and returns once it is in the middle of its walk: still running,
 * with its first batch of users reported and not its last. False when it could not be caught
 * there (it finished first, or had not got that far within a minute).
 */
export async function triggerUntilMidRun(
  client: QueueClient,
  users: number,
  batch: number,
): Promise<boolean> {
  const { jobId } = await triggerDigestManually('DAILY', { client });
  const run = client.queue('notification-digest');
  for (const started = Date.now(); Date.now() - started < 60_000; await sleep(10)) {
    const job = await run.getJob(jobId);
    const walked = (job?.progress as { users?: number } | undefined)?.users ?? 0;
    if (walked >= batch && walked < users && (await job?.getState()) === 'active') return true;
    if (walked >= users || (await job?.getState()) === 'completed') return false;
  }
  return false;
}
