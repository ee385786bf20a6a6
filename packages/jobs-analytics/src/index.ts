// The root export: tracking, the queues, immediate roll-ups and the dashboards' read side. Light
// enough for a web request handler: the database client loads on the first read, not at import.

export type { EnqueueResult, ProducerOptions } from '@yg/queue-core';
export type { Granularity } from './metric-tables';
export type {
  RejectedEvent,
  TrackEventInput,
  TrackEventsResult,
} from './producers';
export {
  scheduleMonthlyMetricsRollup,
  scheduleWeeklyMetricsRollup,
  trackEvent,
  trackEvents,
} from './producers';
export {
  aggregateDailyMetricsQueue,
  analyticsEnrichmentQueue,
  analyticsIngestQueue,
  monthlyMetricsRollupQueue,
  weeklyMetricsRollupQueue,
} from './queues';
export {
  getAssetMetrics,
  getPlatformMetrics,
  MAX_METRIC_PERIODS,
  type MetricsDb,
  type MetricsPoint,
  type MetricsQuery,
} from './read-metrics';
