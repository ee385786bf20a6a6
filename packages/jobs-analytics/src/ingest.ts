import type { TrackedEvent } from '@yg/job-contracts';
import type { AnalyticsDb } from './rollup';

// One statement per batch: the events travel as one JSON parameter and are inserted with a single
// multi-row INSERT … SELECT (one round trip, one plan, no per-row parameters). A retried batch
// inserts nothing twice: the producer's event id is unique. The statement also returns every
// event of the batch still waiting for enrichment — the new ones and any an earlier attempt
// stored — so a retry after a crash between insert and enqueue still enriches them.
export const INGEST_STATEMENT = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
    "eventId" text, type text, "assetId" text, "userId" text, "sessionId" text, "occurredAt" text,
    "userAgent" text, referrer text, "revenueCents" int, properties jsonb)
), inserted AS (
  INSERT INTO analytics_events (client_event_id, type, ip_asset_id, user_id, session_id, occurred_at,
                                user_agent, referrer, revenue_cents, properties)
  SELECT "eventId", type::analytics_event_type, "assetId", "userId", "sessionId",
         "occurredAt"::timestamptz AT TIME ZONE 'UTC', "userAgent", referrer, "revenueCents", properties
    FROM input
  ON CONFLICT (client_event_id) DO NOTHING
  RETURNING id
)
SELECT id::text AS id, true AS new FROM inserted
UNION ALL
SELECT e.id::text, false FROM analytics_events e JOIN input i ON e.client_event_id = i."eventId"
 WHERE e.enriched_at IS NULL`;

export interface IngestResult {
  /** Events stored by this run (the others were stored before: a duplicate or a retry). */
  inserted: number;
  /** Events of the batch not enriched yet, for the enrichment job. */
  toEnrich: string[];
}

/** Stores a validated batch of events in one statement; idempotent by event id. */
export async function insertEvents(db: AnalyticsDb, events: readonly TrackedEvent[]): Promise<IngestResult> {
  const rows = await db.$queryRawUnsafe<{ id: string; new: boolean }[]>(
    INGEST_STATEMENT,
    JSON.stringify(events),
  );
  return {
    inserted: rows.filter((row) => row.new).length,
    toEnrich: [...new Set(rows.map((row) => row.id))],
  };
}
