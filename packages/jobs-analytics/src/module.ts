import {
  analyticsEnrichment,
  analyticsIngest,
  dailyAggregation,
  monthlyRollup,
  weeklyRollup,
} from '@yg/job-contracts';
import { defineJobModule } from '@yg/queue-core';
import { type AnalyticsConfig, loadAnalyticsConfig } from './config';
import type { AnalyticsDeps } from './deps';
import { createDailyAggregationProcessor } from './processors/aggregate-daily';
import { createEnrichProcessor } from './processors/enrich';
import { createIngestProcessor } from './processors/ingest';
import { createMonthlyRollupProcessor } from './processors/rollup-monthly';
import { createWeeklyRollupProcessor } from './processors/rollup-weekly';

/** Every hour on the hour: events that missed enrichment on arrival, and yesterday's aggregation. */
export const ENRICHMENT_SWEEP_CRON = '0 * * * *';
/** Mondays 04:00 UTC: the ISO week that ended. */
export const WEEKLY_ROLLUP_CRON = '0 4 * * 1';
/** The 2nd of the month, 05:00 UTC: the previous month (a day late, for late events). */
export const MONTHLY_ROLLUP_CRON = '0 5 2 * *';

/** The analytics group: ingest, enrichment, daily aggregation and the weekly and monthly roll-ups. */
export function createAnalyticsModule(config: AnalyticsConfig = loadAnalyticsConfig()) {
  return defineJobModule<AnalyticsDeps>()({
    group: 'analytics',
    label: 'Analytics',
    processors: {
      ingest: { contract: analyticsIngest, process: createIngestProcessor(config), concurrency: 4 },
      enrich: { contract: analyticsEnrichment, process: createEnrichProcessor(config), concurrency: 2 },
      // One roll-up at a time per queue: each reads a whole period of events. Two workers on one
      // period also wait for each other inside PostgreSQL (an advisory lock).
      daily: { contract: dailyAggregation, process: createDailyAggregationProcessor(config), serial: true },
      weekly: { contract: weeklyRollup, process: createWeeklyRollupProcessor(config), serial: true },
      monthly: { contract: monthlyRollup, process: createMonthlyRollupProcessor(config), serial: true },
    },
    schedules: {
      'analytics-enrichment-sweep': {
        contract: analyticsEnrichment,
        pattern: ENRICHMENT_SWEEP_CRON,
        payload: {},
      },
      'analytics-weekly-rollup': { contract: weeklyRollup, pattern: WEEKLY_ROLLUP_CRON, payload: {} },
      'analytics-monthly-rollup': { contract: monthlyRollup, pattern: MONTHLY_ROLLUP_CRON, payload: {} },
    },
  });
}
