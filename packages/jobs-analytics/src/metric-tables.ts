// The roll-up tables by granularity. Table and column names come only from this map, never from
// input, so they can be written into the SQL text.

export type Granularity = 'day' | 'week' | 'month';

export interface MetricTables {
  asset: string;
  platform: string;
  /** The column holding the period's first day. */
  key: string;
}

export const metricTables: Record<Granularity, MetricTables> = {
  day: { asset: 'asset_daily_metrics', platform: 'platform_daily_metrics', key: 'date' },
  week: { asset: 'asset_weekly_metrics', platform: 'platform_weekly_metrics', key: 'week_start' },
  month: { asset: 'asset_monthly_metrics', platform: 'platform_monthly_metrics', key: 'month_start' },
};
