import { createTestDatabase, type TestDatabase } from '@yg/db';
import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import { QueueClient, queueConfig, Runtime, silentLogger } from '@yg/queue-core';
import { REDIS_URL, uniquePrefix } from '@yg/testing';
import { searchModule } from '../../src/worker';

export { REDIS_URL, until } from '@yg/testing';

/** A test file's own database, queue prefix, client and (optionally started) search worker. */
export interface SearchWorld {
  database: TestDatabase;
  client: QueueClient;
  runtime: Runtime<{ db: TestDatabase['db'] }>;
  prefix: string;
  close(): Promise<void>;
}

export async function createWorld({ start = true } = {}): Promise<SearchWorld> {
  const database = await createTestDatabase();
  const prefix = uniquePrefix();
  const client = new QueueClient({
    config: queueConfig({ redisUrl: REDIS_URL, prefix, stalledIntervalMs: 1000, lockDurationMs: 2000 }),
    logger: silentLogger,
  });
  const runtime = new Runtime({ modules: [searchModule], deps: { db: database.db }, client });
  if (start) await runtime.start();
  return {
    database,
    client,
    runtime,
    prefix,
    async close() {
      await runtime.shutdown({ timeoutMs: 5000 });
      await client.close();
      await database.drop();
    },
  };
}

/**
 * Waits until none of the three search queues has a job waiting, running or delayed for a retry
 * (the reindex queue's delayed job is the weekly schedule's next run).
 */
export async function drained(client: QueueClient, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      [searchIndexUpdate, searchBulkUpdate, searchFullReindex].map((c) =>
        client
          .queue(c)
          .getJobCounts(
            'waiting',
            'active',
            'prioritized',
            'waiting-children',
            ...(c === searchFullReindex ? [] : (['delayed'] as const)),
          ),
      ),
    );
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
    if (Date.now() > deadline) throw new Error(`search queues not drained: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
