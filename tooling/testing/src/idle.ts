import { until } from './until';

type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children';

/** What `untilIdle` needs of a queue client (`QueueClient` of @yg/queue-core has it). */
export interface QueuesOf {
  queue(name: string): { getJobCounts(...states: JobState[]): Promise<Record<string, number>> };
}

/**
 * Resolves once none of `queues` has a job waiting, running or delayed. `countDelayed: false`
 * for a queue whose delayed job is a schedule's next run, not work in flight.
 */
export async function untilIdle(
  client: QueuesOf,
  queues: readonly string[],
  { timeoutMs = 30_000, countDelayed = true }: { timeoutMs?: number; countDelayed?: boolean } = {},
): Promise<void> {
  const states: JobState[] = ['waiting', 'active', 'prioritized', 'waiting-children'];
  if (countDelayed) states.push('delayed');
  await until(
    async () => {
      for (const name of queues) {
        const counts = await client.queue(name).getJobCounts(...states);
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      return true;
    },
    timeoutMs,
    `queues ${queues.join(', ')} to be idle`,
  );
}
