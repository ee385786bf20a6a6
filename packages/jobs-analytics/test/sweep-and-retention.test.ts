import { dailyAggregation } from '@yg/job-contracts';
import { silentLogger } from '@yg/queue-core';
import { describe, expect } from 'vitest';
import { getPlatformMetrics } from '../src/index';
import { insertEvents } from '../src/ingest';
import { createDailyAggregationProcessor } from '../src/processors/aggregate-daily';
import { createEnrichProcessor } from '../src/processors/enrich';
import { createMonthlyRollupProcessor } from '../src/processors/rollup-monthly';
import { analyticsTest as it } from './support/analytics-test';

const config = { rawRetentionMonths: 2 };
// Processors are plain functions of (job, deps): called here with a job's data and a clock the
// test sets, on the real database and queues.
const job = <T>(data: T) => ({ data, log: async () => 0 }) as never;
const at = (iso: string) => ({ now: () => new Date(iso) });

describe('the hourly sweep', () => {
  it('enriches the events that missed it and queues yesterday’s aggregation', async ({
    client,
    database: { db },
  }) => {
    // Rows that missed enrichment on arrival (written by another path, as the seed does).
    await db.$executeRawUnsafe(
      `INSERT INTO analytics_events (client_event_id, type, occurred_at, user_agent, referrer) VALUES
         ('sweep-1', 'VIEW', '2026-09-14 22:00', 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', NULL),
         ('sweep-2', 'CLICK', '2026-09-10 08:00', NULL, 'not a url')`,
    );
    const sweep = createEnrichProcessor(config);
    const deps = { db, queues: client, clock: at('2026-09-15T00:00:05Z'), logger: silentLogger };
    const result = await sweep(job({}), deps);
    expect(result.enriched).toBeGreaterThanOrEqual(2);
    // The day of the older event (late for it) and yesterday.
    expect(result.aggregate).toEqual(expect.arrayContaining(['2026-09-10', '2026-09-14']));
    const rows = await db.$queryRawUnsafe<
      { browser: string | null; os: string | null; referrer_host: string | null }[]
    >(
      `SELECT browser, os, referrer_host FROM analytics_events WHERE client_event_id IN ('sweep-1', 'sweep-2') ORDER BY client_event_id`,
    );
    expect(rows).toEqual([
      { browser: 'Firefox', os: 'Linux', referrer_host: null },
      { browser: null, os: null, referrer_host: null },
    ]);
    const queued = await client.queue(dailyAggregation.queue).getJobs(['waiting']);
    expect(queued.map((j) => j.data.date)).toEqual(expect.arrayContaining(['2026-09-10', '2026-09-14']));

    // Once yesterday is aggregated (after it ended), the next sweep leaves it alone.
    await createDailyAggregationProcessor(config)(job({ date: '2026-09-14' }), deps);
    const again = await sweep(job({}), { ...deps, clock: at('2026-09-15T01:00:00Z') });
    expect(again.aggregate).toEqual([]);
  });
});

describe('retention of raw events', () => {
  it('drops events older than the retention after the monthly roll-up, and keeps the figures', async ({
    client,
    database: { db },
  }) => {
    await insertEvents(db, [
      { eventId: 'old-1', type: 'VIEW', occurredAt: '2026-01-20T10:00:00Z', userId: 'a' },
      { eventId: 'old-2', type: 'VIEW', occurredAt: '2026-01-21T10:00:00Z', userId: 'b' },
      { eventId: 'kept-1', type: 'VIEW', occurredAt: '2026-02-03T10:00:00Z', userId: 'a' },
    ]);
    const deps = { db, queues: client, logger: silentLogger };
    const monthly = createMonthlyRollupProcessor(config);
    // January rolled up in February (retention two months: December onwards kept).
    await monthly(job({ month: '2026-01' }), { ...deps, clock: at('2026-02-02T05:00:00Z') });
    // In April, with two months kept, February and March remain; January's raw events go.
    const april = await monthly(job({ month: '2026-03' }), { ...deps, clock: at('2026-04-02T05:00:00Z') });
    expect(april.dropped).toBeGreaterThanOrEqual(2);
    const left = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT client_event_id AS id FROM analytics_events WHERE client_event_id IN ('old-1', 'old-2', 'kept-1')`,
    );
    expect(left.map((r) => r.id)).toEqual(['kept-1']);
    // January's figures stay, and re-aggregating a dropped day is refused instead of zeroing them.
    const [january] = await getPlatformMetrics(
      { from: '2026-01-01', to: '2026-01-01', granularity: 'month' },
      { db },
    );
    expect(january).toMatchObject({ views: 2, uniqueVisitors: 2 });
    await expect(
      createDailyAggregationProcessor(config)(job({ date: '2026-01-20' }), {
        ...deps,
        clock: at('2026-04-02T06:00:00Z'),
      }),
    ).rejects.toThrow(/raw events before 2026-02-01 are dropped/);
  });
});
