import type { PrismaClient } from '@yg/db';
import { seedDemoData } from '@yg/db/testing';
import {
  analyticsEnrichment,
  analyticsIngest,
  dailyAggregation,
  monthlyRollup,
  weeklyRollup,
} from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { untilIdle } from '@yg/testing';
import { worldTest } from '@yg/testing/world';

export { REDIS_URL, until } from '@yg/testing';

/**
 * The test world (prefix, client, database, runtimes) plus a few seeded assets in the file's
 * database: the metrics tables reference assets.
 */
export const analyticsTest = worldTest.extend(
  'assetIds',
  { scope: 'file' },
  async ({ database }): Promise<string[]> => {
    await seedDemoData(database.db, { assets: 5, events: 0, seed: 7 });
    const rows = await database.db.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM ip_assets ORDER BY id');
    return rows.map((row) => row.id);
  },
);

/** A table's rows without `updated_at` (which changes on every run), in a stable order. */
export async function metricRows(db: PrismaClient, table: string): Promise<Record<string, unknown>[]> {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT to_jsonb(t) - 'updated_at' AS row FROM ${table} t ORDER BY 1::text`,
  );
  return rows
    .map((r) => r.row as Record<string, unknown>)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Waits until no job of these analytics queues is waiting, running or delayed for a retry. */
export async function drained(client: QueueClient, timeoutMs = 60_000): Promise<void> {
  await untilIdle(
    client,
    [
      analyticsIngest.queue,
      analyticsEnrichment.queue,
      dailyAggregation.queue,
      weeklyRollup.queue,
      monthlyRollup.queue,
    ],
    // The delayed jobs there are the schedules' next runs, not work in flight.
    { timeoutMs, countDelayed: false },
  );
}
