import { allContracts } from '@yg/job-contracts';
import { type ContractQueue, loadQueueConfig, QueueClient } from '@yg/queue-core';
import { UsageError } from './usage-error';

/** Every queue of the job catalog, in catalog order: the only names the commands accept. */
export const knownQueues: readonly string[] = [...new Set(allContracts.map((c) => c.queue))];

/** Refuses a name that is not a catalog queue before anything connects: a typo changes nothing. */
export function checkQueueName(name: string): string {
  if (knownQueues.includes(name)) return name;
  throw new UsageError(`unknown queue "${name}"; known queues: ${knownQueues.join(', ')}`);
}

/**
 * The Redis side of one operator command: the settings of the environment (`REDIS_URL`,
 * `BULLMQ_PREFIX`), a producer connection that fails fast, and a wait for Redis bounded by
 * `REDIS_CONNECT_TIMEOUT_MS`, so a Redis that is down is a clear error within seconds, not a hang.
 */
export async function withQueues<T>(run: (queue: (name: string) => ContractQueue) => Promise<T>): Promise<T> {
  const client = new QueueClient({ config: loadQueueConfig() });
  try {
    await client.ready();
    return await run((name) => client.queue(checkQueueName(name)));
  } finally {
    await client.close();
  }
}
