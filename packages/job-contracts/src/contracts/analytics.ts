import { z } from 'zod';
import { defineContract } from '../contract';
import { CalendarDate, CalendarMonth, EntityId } from '../fields';

/** Event ids per enrichment job. */
export const ENRICHMENT_MAX_EVENT_IDS = 1000;

export const AnalyticsEnrichmentPayload = z.strictObject({
  /** Events to enrich now; absent means the hourly sweep of every event not yet enriched. */
  eventIds: z.array(EntityId).min(1).max(ENRICHMENT_MAX_EVENT_IDS).optional(),
});
export type AnalyticsEnrichmentPayload = z.infer<typeof AnalyticsEnrichmentPayload>;

export const analyticsEnrichment = defineContract({
  queue: 'analytics-enrichment',
  name: 'enrich',
  schema: AnalyticsEnrichmentPayload,
});

export const DailyAggregationPayload = z.strictObject({ date: CalendarDate });
export type DailyAggregationPayload = z.infer<typeof DailyAggregationPayload>;

/** Aggregate one UTC day into daily metrics (re-running recomputes the same numbers). */
export const dailyAggregation = defineContract({
  queue: 'analytics-aggregate-daily',
  name: 'aggregate-daily',
  schema: DailyAggregationPayload,
  deduplication: { id: (p) => `daily:${p.date}`, keepLastIfActive: true },
});

export const WeeklyRollupPayload = z.strictObject({
  /** Any date in the ISO week to roll up; absent means the last complete week. */
  weekOf: CalendarDate.optional(),
});
export type WeeklyRollupPayload = z.infer<typeof WeeklyRollupPayload>;

export const weeklyRollup = defineContract({
  queue: 'analytics-rollup-weekly',
  name: 'rollup-weekly',
  schema: WeeklyRollupPayload,
});

export const MonthlyRollupPayload = z.strictObject({
  /** The month to roll up; absent means the previous month. */
  month: CalendarMonth.optional(),
});
export type MonthlyRollupPayload = z.infer<typeof MonthlyRollupPayload>;

export const monthlyRollup = defineContract({
  queue: 'analytics-rollup-monthly',
  name: 'rollup-monthly',
  schema: MonthlyRollupPayload,
});
