// `@yg/jobs-analytics/worker`: what a worker app composes — the analytics module (health group
// `analytics`: ingest, enrichment, daily aggregation, weekly and monthly roll-ups and their
// schedules), its settings and the statements it runs, for tools and the benchmark.

export { type AnalyticsConfig, loadAnalyticsConfig } from './config';
export type { AnalyticsDeps } from './deps';
export { ENRICH_STATEMENT, type EnrichmentResult, enrichEvents, enrichPending } from './enrichment';
export {
  type EventEnricher,
  eventEnricher,
  INGEST_STATEMENT,
  type IngestResult,
  insertEvents,
} from './ingest';
export { type Granularity, metricTables } from './metric-tables';
export {
  createAnalyticsModule,
  ENRICHMENT_SWEEP_CRON,
  MONTHLY_ROLLUP_CRON,
  WEEKLY_ROLLUP_CRON,
} from './module';
export type { Period } from './periods';
export type { DailyAggregationResult } from './processors/aggregate-daily';
export type { EnrichJobResult } from './processors/enrich';
export type { IngestJobResult } from './processors/ingest';
export type { MonthlyRollupResult } from './processors/rollup-monthly';
export type { WeeklyRollupResult } from './processors/rollup-weekly';
export { dropRawEventsBefore, retentionCutoff } from './retention';
export {
  type AnalyticsDb,
  ROLLUP_WORK_MEM,
  type RollupResult,
  rollupPeriod,
  rollupStatements,
} from './rollup';
export { parseUserAgent, referrerHost, type UserAgentTraits } from './user-agent';
