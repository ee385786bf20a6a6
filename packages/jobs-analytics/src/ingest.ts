import type { TrackedEvent } from '@yg/job-contracts';
import type { AnalyticsDb } from './rollup';
import { cachedUserAgentParser, referrerHost } from './user-agent';

// One statement per batch: the events travel as one JSON parameter and are inserted with a single
// multi-row INSERT … SELECT (one round trip, one plan, no per-row parameters), enriched already,
// so that each row is written once. A retried batch inserts nothing twice: the producer's event
// id is unique.
export const INGEST_STATEMENT = `
INSERT INTO analytics_events (client_event_id, type, ip_asset_id, user_id, session_id, occurred_at,
                              user_agent, referrer, revenue_cents, properties,
                              device_type, browser, os, referrer_host, enriched_at)
SELECT "eventId", type::analytics_event_type, "assetId", "userId", "sessionId",
       "occurredAt"::timestamptz AT TIME ZONE 'UTC', "userAgent", referrer, "revenueCents", properties,
       "deviceType", browser, os, "referrerHost", now() AT TIME ZONE 'UTC'
  FROM jsonb_to_recordset($1::jsonb) AS r(
    "eventId" text, type text, "assetId" text, "userId" text, "sessionId" text, "occurredAt" text,
    "userAgent" text, referrer text, "revenueCents" int, properties jsonb,
    "deviceType" text, browser text, os text, "referrerHost" text)
-- Keys are taken in the order rows are inserted: in event id order, two batches with events in
-- common (a producer sending again) wait for each other instead of deadlocking.
ORDER BY "eventId"
ON CONFLICT (client_event_id) DO NOTHING`;

export interface IngestResult {
  /** Events stored by this run (the others were stored before: a duplicate or a retry). */
  inserted: number;
  /** The UTC days the batch's events happened on. */
  days: string[];
}

export type EventEnricher = (event: TrackedEvent) => TrackedEvent & {
  deviceType: string;
  browser: string | null;
  os: string | null;
  referrerHost: string | null;
};

/** Adds device type, browser, OS and referrer host to events, remembering recent user agents. */
export function eventEnricher(): EventEnricher {
  const parse = cachedUserAgentParser();
  return (event) => ({
    ...parse(event.userAgent ?? null),
    ...event,
    referrerHost: referrerHost(event.referrer ?? null),
  });
}

/** Stores a validated batch of events, enriched, in one statement; idempotent by event id. */
export async function insertEvents(
  db: AnalyticsDb,
  events: readonly TrackedEvent[],
  enrich: EventEnricher = eventEnricher(),
): Promise<IngestResult> {
  const inserted = await db.$executeRawUnsafe(INGEST_STATEMENT, JSON.stringify(events.map(enrich)));
  const days = new Set(events.map((event) => new Date(event.occurredAt).toISOString().slice(0, 10)));
  return { inserted, days: [...days].sort() };
}
