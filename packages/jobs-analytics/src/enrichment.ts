import type { AnalyticsDb } from './rollup';
import { cachedUserAgentParser, referrerHost } from './user-agent';

/** Events read and updated per statement by the sweep. */
export const ENRICHMENT_BATCH = 1000;

interface RawEvent {
  id: string;
  user_agent: string | null;
  referrer: string | null;
}

// One UPDATE per batch from a JSON parameter; `enriched_at IS NULL` keeps a second run (or two at
// once) from rewriting a row. Returns the days of the events it enriched, for the aggregation.
export const ENRICH_STATEMENT = `
UPDATE analytics_events e
   SET device_type = v.device_type, browser = v.browser, os = v.os, referrer_host = v.referrer_host,
       enriched_at = (now() AT TIME ZONE 'UTC')
  FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, device_type text, browser text, os text, referrer_host text)
 WHERE e.id = v.id AND e.enriched_at IS NULL
RETURNING to_char(e.occurred_at, 'YYYY-MM-DD') AS day`;

export interface EnrichmentResult {
  enriched: number;
  /** Days (`YYYY-MM-DD`) of the events enriched. */
  days: string[];
}

/** Parses user agents and referrers of `events` and writes the traits in one statement. */
async function enrichRows(
  db: AnalyticsDb,
  events: readonly RawEvent[],
  parse: ReturnType<typeof cachedUserAgentParser>,
): Promise<EnrichmentResult> {
  if (events.length === 0) return { enriched: 0, days: [] };
  const traits = events.map((event) => {
    const { deviceType, browser, os } = parse(event.user_agent);
    return {
      id: event.id,
      device_type: deviceType,
      browser,
      os,
      referrer_host: referrerHost(event.referrer),
    };
  });
  const rows = await db.$queryRawUnsafe<{ day: string }[]>(ENRICH_STATEMENT, JSON.stringify(traits));
  return { enriched: rows.length, days: [...new Set(rows.map((row) => row.day))] };
}

/** Enriches the given events (those not enriched yet; the others are left alone). */
export async function enrichEvents(db: AnalyticsDb, ids: readonly string[]): Promise<EnrichmentResult> {
  const events = await db.$queryRawUnsafe<RawEvent[]>(
    `SELECT id::text AS id, user_agent, referrer FROM analytics_events
      WHERE id = ANY($1::text[]::bigint[]) AND enriched_at IS NULL`,
    ids,
  );
  return enrichRows(db, events, cachedUserAgentParser());
}

/** Enriches every event not enriched yet, in batches (the hourly sweep). */
export async function enrichPending(
  db: AnalyticsDb,
  { batchSize = ENRICHMENT_BATCH }: { batchSize?: number } = {},
): Promise<EnrichmentResult> {
  const parse = cachedUserAgentParser();
  const days = new Set<string>();
  let enriched = 0;
  for (;;) {
    // The next rows still waiting, along the `enriched_at` index (NULLs are indexed): each batch
    // enriches what it read, so no cursor is needed.
    const events = await db.$queryRawUnsafe<RawEvent[]>(
      `SELECT id::text AS id, user_agent, referrer FROM analytics_events WHERE enriched_at IS NULL LIMIT $1`,
      batchSize,
    );
    if (events.length === 0) break;
    const result = await enrichRows(db, events, parse);
    enriched += result.enriched;
    for (const day of result.days) days.add(day);
    // Nothing written: another sweep took these rows first. It goes on; this one stops, so the
    // loop can never spin on rows it cannot change.
    if (result.enriched === 0) break;
  }
  return { enriched, days: [...days].sort() };
}
