import { type analyticsEnrichment, dailyAggregation } from '@yg/job-contracts';
import type { CoreDeps, Processor } from '@yg/queue-core';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsDeps } from '../deps';
import { enrichEvents, enrichPending } from '../enrichment';
import { addDays, dayOf } from '../periods';
import { retentionCutoff } from '../retention';
import type { AnalyticsDb } from '../rollup';

export interface EnrichJobResult {
  enriched: number;
  /** Days queued for (re-)aggregation. */
  aggregate: string[];
}

/**
 * Enriches the events of the job (ids, for tools) or every event not enriched yet (the hourly
 * sweep: ingest enriches on arrival, so these are rows written by other paths).
 * A finished day that received events is queued for aggregation again: that is how a late event
 * reaches its day's metrics. The sweep also queues yesterday's aggregation until yesterday has
 * been aggregated after it ended: the "daily aggregation after the day's enrichment".
 */
export function createEnrichProcessor(
  config: AnalyticsConfig,
): Processor<typeof analyticsEnrichment, AnalyticsDeps, EnrichJobResult> {
  return async (job, { db, queues, clock }) => {
    const today = dayOf(clock.now());
    const { eventIds } = job.data;
    const result = eventIds ? await enrichEvents(db, eventIds) : await enrichPending(db);
    const cutoff = retentionCutoff(today, config.rawRetentionMonths);
    const days = new Set(result.days.filter((day) => day < today && day >= cutoff));
    if (!eventIds) {
      const yesterday = addDays(today, -1);
      if (!(await aggregatedAfter(db, yesterday, today))) days.add(yesterday);
    }
    const aggregate = [...days].sort();
    await queueAggregations(queues, aggregate);
    return { enriched: result.enriched, aggregate };
  };
}

/** Whether `day` has daily metrics computed at or after `since` began. */
async function aggregatedAfter(db: AnalyticsDb, day: string, since: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    'SELECT 1 FROM platform_daily_metrics WHERE date = $1::date AND updated_at >= $2::date::timestamp',
    day,
    since,
  );
  return rows.length > 0;
}

async function queueAggregations(queues: CoreDeps['queues'], days: readonly string[]): Promise<void> {
  // Deduplicated by day: a burst of late events for one day makes one more run, not one each.
  if (days.length > 0)
    await queues.enqueueBulk(
      dailyAggregation,
      days.map((date) => ({ date })),
    );
}
