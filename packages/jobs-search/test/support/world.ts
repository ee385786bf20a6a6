import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@yg/db';
import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import { QueueClient, queueConfig, Runtime, silentLogger } from '@yg/queue-core';
import { searchModule } from '../../src/worker';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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
  const prefix = `yg-test-${randomUUID().slice(0, 8)}`;
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

/** Polls until `check` returns something other than undefined/false. */
export async function until<T>(check: () => Promise<T> | T, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
