import type { z } from 'zod';
import { defineContract } from '../contract';
import { CalendarDate, CalendarMonth, EntityId, Text } from '../fields';
import { builtSchema, lazySchema } from '../lazy-schema';

/** Event ids per enrichment job. */
export const ENRICHMENT_MAX_EVENT_IDS = 1000;

export const AnalyticsEnrichmentPayload = lazySchema((z) =>
  z.strictObject({
    /** Events to enrich now; absent means the hourly sweep of every event not yet enriched. */
    eventIds: z.array(builtSchema(EntityId)).min(1).max(ENRICHMENT_MAX_EVENT_IDS).optional(),
  }),
);
export type AnalyticsEnrichmentPayload = z.infer<typeof AnalyticsEnrichmentPayload>;

export const analyticsEnrichment = defineContract({
  queue: 'analytics-enrichment',
  name: 'enrich',
  schema: AnalyticsEnrichmentPayload,
});

export const DailyAggregationPayload = lazySchema((z) => z.strictObject({ date: builtSchema(CalendarDate) }));
export type DailyAggregationPayload = z.infer<typeof DailyAggregationPayload>;

/** Aggregate one UTC day into daily metrics (re-running recomputes the same numbers). */
export const dailyAggregation = defineContract({
  queue: 'analytics-aggregate-daily',
  name: 'aggregate-daily',
  schema: DailyAggregationPayload,
  deduplication: { id: (p) => `daily:${p.date}`, keepLastIfActive: true },
});

export const WeeklyRollupPayload = lazySchema((z) =>
  z.strictObject({
    /** Any date in the ISO week to roll up; absent means the last complete week. */
    weekOf: builtSchema(CalendarDate).optional(),
  }),
);
export type WeeklyRollupPayload = z.infer<typeof WeeklyRollupPayload>;

export const weeklyRollup = defineContract({
  queue: 'analytics-rollup-weekly',
  name: 'rollup-weekly',
  schema: WeeklyRollupPayload,
  // Late events re-queue their week's roll-up: a burst of them makes one more run, not one each.
  deduplication: { id: (p) => `weekly:${p.weekOf ?? 'last'}`, keepLastIfActive: true },
});

export const MonthlyRollupPayload = lazySchema((z) =>
  z.strictObject({
    /** The month to roll up; absent means the previous month. */
    month: builtSchema(CalendarMonth).optional(),
  }),
);
export type MonthlyRollupPayload = z.infer<typeof MonthlyRollupPayload>;

export const monthlyRollup = defineContract({
  queue: 'analytics-rollup-monthly',
  name: 'rollup-monthly',
  schema: MonthlyRollupPayload,
  deduplication: { id: (p) => `monthly:${p.month ?? 'last'}`, keepLastIfActive: true },
});

/** Events per ingest job: one multi-row insert each. */
export const INGEST_MAX_EVENTS = 500;
/** The JSON of an event's `properties`, in bytes: a dashboard event, not a document store. */
export const EVENT_PROPERTIES_MAX_BYTES = 8192;

// A JSON escape of NUL (`\u0000` after an even run of backslashes, so not an escaped backslash
// followed by the text "u0000").
const JSON_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

export const AnalyticsEventType = lazySchema((z) =>
  z.enum(['VIEW', 'CLICK', 'DOWNLOAD', 'LICENSE_PURCHASE']),
);
export type AnalyticsEventType = z.infer<typeof AnalyticsEventType>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with a `Z` or an offset, on a day that exists (2025-02-30 is refused). */
export const EventInstant = lazySchema((z) =>
  z.string().superRefine((value, ctx) => {
    // One message per value: the shape first, then whether the date exists.
    if (!ISO_INSTANT.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time like 2025-10-18T09:30:00Z' });
    } else if (!isRealInstant(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a real calendar date and time' });
    }
  }),
);

export const TrackedEvent = lazySchema((z) =>
  z.strictObject({
    /** The producer's id for this event (a UUID): a retried batch stores it once. */
    eventId: Text(64, { min: 1 }),
    type: builtSchema(AnalyticsEventType),
    occurredAt: builtSchema(EventInstant),
    assetId: builtSchema(EntityId).optional(),
    userId: builtSchema(EntityId).optional(),
    /** The anonymous visitor's session; unique visitors count a user, or else a session. */
    sessionId: builtSchema(EntityId).optional(),
    userAgent: Text(1024).optional(),
    referrer: Text(2048).optional(),
    /** Revenue of a LICENSE_PURCHASE, in cents. */
    revenueCents: z.number().int().min(0).max(1_000_000_000).optional(),
    properties: z
      .record(z.string().max(128), z.unknown())
      .refine(
        (properties) => jsonBytes(properties) <= EVENT_PROPERTIES_MAX_BYTES,
        `must be at most ${EVENT_PROPERTIES_MAX_BYTES} bytes of JSON`,
      )
      // PostgreSQL's jsonb cannot hold \u0000: one such event would fail its whole batch's insert.
      .refine(
        (properties) => !JSON_NUL.test(JSON.stringify(properties) ?? ''),
        'must not contain NUL characters',
      )
      .optional(),
  }),
);
export type TrackedEvent = z.infer<typeof TrackedEvent>;

export const AnalyticsIngestPayload = lazySchema((z) =>
  z.strictObject({
    events: z.array(builtSchema(TrackedEvent)).min(1).max(INGEST_MAX_EVENTS),
  }),
);
export type AnalyticsIngestPayload = z.infer<typeof AnalyticsIngestPayload>;

/** A batch of tracked events to store (then enrich). Inserting by event id makes retries harmless. */
export const analyticsIngest = defineContract({
  queue: 'analytics-ingest',
  name: 'ingest',
  schema: AnalyticsIngestPayload,
  defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});

function isRealInstant(value: string): boolean {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  // Date.parse rolls 2025-02-30 over to March 2: the written day must survive the round trip,
  // taking the written offset into account.
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return false;
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  const offsetMs = offset
    ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000
    : 0;
  return new Date(time + offsetMs).toISOString().slice(0, 10) === match[1];
}

function jsonBytes(value: unknown): number {
  // TextEncoder, not Buffer: the measure is the UTF-8 size in any runtime, without Node's Buffer.
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}
