import { type analyticsIngest, dailyAggregation } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsDeps } from '../deps';
import { eventEnricher, insertEvents } from '../ingest';
import { dayOf } from '../periods';
import { retentionCutoff } from '../retention';

export interface IngestJobResult {
  inserted: number;
  /** Finished days queued for (re-)aggregation because the batch had events for them. */
  aggregate: string[];
}

/**
 * Stores a batch of tracked events, enriched on arrival (the parser remembers recent agents, so
 * a batch costs one parse per distinct agent). A finished day that got events — a late event —
 * is queued for aggregation again, so the event reaches its day's metrics (and its week's and
 * month's, if those were rolled up). Days are taken from the batch, not from what this run
 * inserted: a retry after a crash between insert and enqueue still queues them.
 */
export function createIngestProcessor(
  config: AnalyticsConfig,
): Processor<typeof analyticsIngest, AnalyticsDeps, IngestJobResult> {
  const enrich = eventEnricher();
  return async (job, { db, queues, clock }) => {
    const { inserted, days } = await insertEvents(db, job.data.events, enrich);
    const today = dayOf(clock.now());
    const cutoff = retentionCutoff(today, config.rawRetentionMonths);
    const aggregate = days.filter((day) => day < today && day >= cutoff);
    // Deduplicated by day: a burst of late events for one day makes one more run, not one each.
    if (aggregate.length > 0)
      await queues.enqueueBulk(
        dailyAggregation,
        aggregate.map((date) => ({ date })),
      );
    return { inserted, aggregate };
  };
}
