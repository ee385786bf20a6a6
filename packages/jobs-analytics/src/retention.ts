import type { AnalyticsDb } from './rollup';

/** Rows deleted per statement: short transactions, so ingest and roll-ups never wait long. */
export const RETENTION_BATCH = 10_000;

/**
 * The first day whose raw events are kept: the first of the month `months` months before the
 * current one. Roll-ups keep their figures for older periods; only the raw log goes.
 */
export function retentionCutoff(today: string, months: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
}

/**
 * Deletes raw events that happened before `cutoff`, `batchSize` rows per statement (along the
 * `occurred_at` index), until none is left. Each batch commits on its own: an interrupted run
 * resumes where it stopped, and no long transaction holds back vacuum or the ingest.
 */
export async function dropRawEventsBefore(
  db: AnalyticsDb,
  cutoff: string,
  { batchSize = RETENTION_BATCH }: { batchSize?: number } = {},
): Promise<number> {
  let dropped = 0;
  for (;;) {
    const deleted = await db.$executeRawUnsafe(
      `DELETE FROM analytics_events WHERE id IN (
         SELECT id FROM analytics_events WHERE occurred_at < $1::date::timestamp LIMIT $2)`,
      cutoff,
      batchSize,
    );
    dropped += deleted;
    if (deleted < batchSize) return dropped;
  }
}
