import { analyticsIngest, ContractValidationError } from '@yg/job-contracts';
import { describe, expect } from 'vitest';
import { trackEvent, trackEvents } from '../src/index';
import { insertEvents } from '../src/ingest';
import { createAnalyticsModule } from '../src/module';
import { analyticsTest, drained } from './support/analytics-test';

const it = analyticsTest.extend('worker', { auto: true }, async ({ startRuntime, database }) =>
  startRuntime([createAnalyticsModule({ rawRetentionMonths: 13 })], { db: database.db }),
);

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

interface StoredEvent {
  clientEventId: string;
  type: string;
  deviceType: string | null;
  browser: string | null;
  os: string | null;
  referrerHost: string | null;
  enriched: boolean;
}

async function stored(db: import('@yg/db').PrismaClient, prefix: string): Promise<StoredEvent[]> {
  return db.$queryRawUnsafe<StoredEvent[]>(
    `SELECT client_event_id AS "clientEventId", type::text, device_type AS "deviceType", browser, os,
            referrer_host AS "referrerHost", enriched_at IS NOT NULL AS enriched
       FROM analytics_events WHERE client_event_id LIKE $1 ORDER BY client_event_id`,
    `${prefix}%`,
  );
}

describe('tracking events', () => {
  it('stores tracked events through the worker, enriched on arrival', async ({
    client,
    database: { db },
  }) => {
    const result = await trackEvents(
      [
        {
          eventId: 'arrive-1',
          type: 'VIEW',
          occurredAt: new Date(),
          sessionId: 's-1',
          userAgent: IPHONE,
          referrer: 'https://news.example.com/a?b=c',
        },
        { eventId: 'arrive-2', type: 'CLICK', userId: 'u-1' },
      ],
      { client },
    );
    expect(result).toMatchObject({ accepted: 2, rejected: [] });
    await drained(client);
    expect(await stored(db, 'arrive-')).toEqual([
      {
        clientEventId: 'arrive-1',
        type: 'VIEW',
        deviceType: 'mobile',
        browser: 'Safari',
        os: 'iOS',
        referrerHost: 'news.example.com',
        enriched: true,
      },
      {
        clientEventId: 'arrive-2',
        type: 'CLICK',
        deviceType: 'unknown',
        browser: null,
        os: null,
        referrerHost: null,
        enriched: true,
      },
    ]);
  });

  it('refuses bad events naming the field, and keeps the rest of their batch', async ({
    client,
    database: { db },
  }) => {
    const result = await trackEvents(
      [
        { eventId: 'mixed-1', type: 'VIEW', occurredAt: '2026-03-01T10:00:00Z' },
        // @ts-expect-error an unknown type, as JavaScript callers can send
        { eventId: 'mixed-2', type: 'LIKE', occurredAt: '2026-03-01T10:00:00Z' },
        { eventId: 'mixed-3', type: 'VIEW', occurredAt: '2025-02-30T10:00:00Z' },
        {
          eventId: 'mixed-4',
          type: 'VIEW',
          occurredAt: '2026-03-01T10:00:00Z',
          properties: { blob: 'x'.repeat(1024 * 1024) },
        },
        { eventId: 'mixed-5', type: 'DOWNLOAD', occurredAt: '2026-03-01T11:00:00Z' },
        {
          eventId: 'mixed-6',
          type: 'VIEW',
          occurredAt: '2026-03-01T10:00:00Z',
          properties: { q: 'a\u0000b' },
        },
      ],
      { client },
    );
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 3, 5]);
    for (const { error } of result.rejected) expect(error).toBeInstanceOf(ContractValidationError);
    expect(result.rejected.map((r) => r.error.issues.map((i) => i.field))).toEqual([
      ['type'],
      ['occurredAt'],
      ['properties'],
      ['properties'],
    ]);
    expect(result.rejected[2]!.error.message).toContain('properties: must be at most 8192 bytes of JSON');
    expect(result.rejected[1]!.error.message).toContain('occurredAt: must be a real calendar date and time');

    await drained(client);
    expect((await stored(db, 'mixed-')).map((e) => e.clientEventId)).toEqual(['mixed-1', 'mixed-5']);

    // One event alone: the error is thrown.
    await expect(
      trackEvent({ eventId: 'alone-1', type: 'VIEW', occurredAt: new Date(Number.NaN) }, { client }),
    ).rejects.toThrow(/occurredAt: must be an ISO 8601 date-time/);
  });

  it('stores a retried or duplicated batch once', async ({ client, database: { db } }) => {
    const events = [
      { eventId: 'twice-1', type: 'VIEW' as const, occurredAt: '2026-03-02T09:00:00Z' },
      {
        eventId: 'twice-2',
        type: 'LICENSE_PURCHASE' as const,
        occurredAt: '2026-03-02T09:00:01Z',
        revenueCents: 4200,
      },
    ];
    // The same batch as two jobs (a producer retrying after a timeout), plus the statement run
    // again as a retried job would.
    await client.enqueueBulk(analyticsIngest, [{ events }, { events }]);
    await drained(client);
    const again = await insertEvents(db, events);
    expect(again.inserted).toBe(0);
    expect(await stored(db, 'twice-')).toHaveLength(2);
  });

  it('stores batches with events in common, in any order, at once, without a deadlock', async ({
    database: { db },
  }) => {
    // A producer that sends again may group and order its events differently. Two such batches in
    // opposite orders, at the same moment, would each hold a key the other waits for.
    const failures: string[] = [];
    for (let round = 0; round < 10; round++) {
      const events = Array.from({ length: 300 }, (_, i) => ({
        eventId: `overlap-${round}-${String(i).padStart(3, '0')}`,
        type: 'VIEW' as const,
        occurredAt: '2026-03-02T09:00:00Z',
      }));
      const runs = await Promise.allSettled([
        insertEvents(db, events),
        insertEvents(db, [...events].reverse()),
      ]);
      for (const run of runs) if (run.status === 'rejected') failures.push((run.reason as Error).message);
    }
    expect(failures).toEqual([]);
    expect(await stored(db, 'overlap-')).toHaveLength(3000);
  });
});
