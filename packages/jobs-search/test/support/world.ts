import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import { QueueClient, queueConfig, Runtime, silentLogger } from '@yg/queue-core';
import { REDIS_URL, uniquePrefix, untilIdle } from '@yg/testing';
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

/** Waits until no search job is waiting, running or delayed for a retry. */
export async function drained(client: QueueClient, timeoutMs = 60_000): Promise<void> {
  await untilIdle(client, [searchIndexUpdate.queue, searchBulkUpdate.queue], { timeoutMs });
  // The reindex queue's delayed job is the weekly schedule's next run, not work in flight.
  await untilIdle(client, [searchFullReindex.queue], { timeoutMs, countDelayed: false });
}

/** How many sessions of this test's database wait for a row lock. */
export async function lockWaiters(db: TestDatabase['db']): Promise<number> {
  const [row] = await db.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row?.waiting ?? 0;
}
