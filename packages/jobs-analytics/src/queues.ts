import {
  analyticsEnrichment,
  analyticsIngest,
  dailyAggregation,
  monthlyRollup,
  weeklyRollup,
} from '@yg/job-contracts';
import { lazyQueue } from '@yg/queue-core';

/** Daily aggregation: `aggregateDailyMetricsQueue.add('aggregate-daily', { date: 'YYYY-MM-DD' })`. */
export const aggregateDailyMetricsQueue = lazyQueue(dailyAggregation);
/** Batches of tracked events on their way to PostgreSQL. */
export const analyticsIngestQueue = lazyQueue(analyticsIngest);
/** The hourly enrichment sweep (or enrichment of given events). */
export const analyticsEnrichmentQueue = lazyQueue(analyticsEnrichment);
export const weeklyMetricsRollupQueue = lazyQueue(weeklyRollup);
export const monthlyMetricsRollupQueue = lazyQueue(monthlyRollup);
