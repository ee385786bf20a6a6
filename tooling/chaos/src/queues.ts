import {
  allContracts,
  analyticsEnrichment,
  blogPublishing,
  monthlyRollup,
  notificationDigest,
  notificationSweep,
  searchFullReindex,
  weeklyRollup,
} from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';

/** Every queue the worker serves: all of the catalog's. */
export const SERVED_QUEUES = [...new Set(allContracts.map((contract) => contract.queue))];

// Queues whose delayed job is a schedule's next run (a cron), not work in flight.
const SCHEDULED = new Set<string>(
  [
    notificationDigest,
    notificationSweep,
    searchFullReindex,
    blogPublishing,
    analyticsEnrichment,
    weeklyRollup,
    monthlyRollup,
  ].map((contract) => contract.queue),
);

/** Whether no queue has a job waiting, running, or delayed (a retry's backoff counts as work). */
export async function queuesIdle(client: QueueClient): Promise<boolean> {
  for (const name of SERVED_QUEUES) {
    const states = ['waiting', 'active', 'prioritized', 'waiting-children'] as const;
    const counts = await client
      .queue(name)
      .getJobCounts(...states, ...(SCHEDULED.has(name) ? [] : (['delayed'] as const)));
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  return true;
}

/**
 * Waits until every queue is idle; returns the seconds it took, or `undefined` when `boundS`
 * passed first. Errors (Redis restarting) count as "not idle yet".
 */
export async function untilQueuesIdle(client: QueueClient, boundS: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < boundS * 1000) {
    if (await queuesIdle(client).catch(() => false)) return seconds(Date.now() - started);
    await sleep(250);
  }
  return undefined;
}

/** Jobs failed for good, across every queue. */
export async function failedJobs(client: QueueClient): Promise<number> {
  let failed = 0;
  for (const name of SERVED_QUEUES) failed += (await client.queue(name).getJobCounts('failed')).failed ?? 0;
  return failed;
}

/** Jobs running now in one queue. */
export async function activeJobs(client: QueueClient, queue: string): Promise<number> {
  return (await client.queue(queue).getJobCounts('active')).active ?? 0;
}

export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
