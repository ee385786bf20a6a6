import type { PrismaClient } from '@yg/db';
import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { untilIdle } from '@yg/testing';
import { worldTest } from '@yg/testing/world';
import { searchModule } from '../../src/worker';

export { REDIS_URL, TEST_REDIS_ENV, until } from '@yg/testing';

/** The test world (prefix, client, database, runtimes) with nothing running. */
export const searchTest = worldTest;

/**
 * The test world with a search worker on the test's prefix, started before each test and shut down
 * after it. A short lock and stalled interval, so that a job whose worker died is taken over soon.
 */
export const withSearchWorker = worldTest.extend(
  'searchWorker',
  { auto: true },
  async ({ startRuntime, database }) =>
    startRuntime(
      [searchModule],
      { db: database.db },
      { config: { stalledIntervalMs: 1000, lockDurationMs: 2000 } },
    ),
);

/** Waits until no search job is waiting, running or delayed for a retry. */
export async function drained(client: QueueClient, timeoutMs = 60_000): Promise<void> {
  await untilIdle(client, [searchIndexUpdate.queue, searchBulkUpdate.queue], { timeoutMs });
  // The reindex queue's delayed job is the weekly schedule's next run, not work in flight.
  await untilIdle(client, [searchFullReindex.queue], { timeoutMs, countDelayed: false });
}

/** How many sessions of this test's database wait for a row lock. */
export async function lockWaiters(db: PrismaClient): Promise<number> {
  const [row] = await db.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row?.waiting ?? 0;
}
