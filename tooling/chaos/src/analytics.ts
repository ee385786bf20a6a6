import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@yg/db';
import { trackEvents } from '@yg/jobs-analytics';
import type { QueueClient } from '@yg/queue-core';

/**
 * Tracks `count` page views as a web app would (its own event ids) and returns the ids the
 * producer got an answer for: the events the platform has acknowledged and must store.
 */
export async function trackViews(client: QueueClient, count: number): Promise<string[]> {
  const events = Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    type: 'VIEW' as const,
    sessionId: randomUUID(),
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
  }));
  try {
    const result = await trackEvents(events, { client });
    if (result.rejected.length > 0) throw new Error(`${result.rejected.length} events refused`);
    return events.map((e) => e.eventId);
  } catch {
    return [];
  }
}

export interface EventCheck {
  /** Acknowledged events with no row. */
  lost: number;
  /** Stored events that are not enriched (the ingest enriches on arrival). */
  unenriched: number;
}

/** Which of `eventIds` are stored, and enriched. (A second row for one id cannot exist: it is unique.) */
export async function checkEvents(db: PrismaClient, eventIds: readonly string[]): Promise<EventCheck> {
  const [row] = await db.$queryRaw<{ stored: number; unenriched: number }[]>`
    SELECT count(*)::int AS stored, count(*) FILTER (WHERE browser IS NULL)::int AS unenriched
      FROM analytics_events WHERE client_event_id = ANY(${[...eventIds]}::text[])`;
  return { lost: eventIds.length - (row?.stored ?? 0), unenriched: row?.unenriched ?? 0 };
}
