import { setQueueClient } from '@yg/queue-core';
import { describe, expect } from 'vitest';
import {
  aggregateDailyMetricsQueue,
  getAssetMetrics,
  getPlatformMetrics,
  trackEvent,
  trackEvents,
} from '../src/index';
import { createAnalyticsModule } from '../src/module';
import { addDays, dayOf, weekPeriod } from '../src/periods';
import { rollupPeriod } from '../src/rollup';
import { analyticsTest, drained, until } from './support/analytics-test';

const it = analyticsTest.extend('worker', { auto: true }, async ({ startRuntime, database }) =>
  startRuntime([createAnalyticsModule({ rawRetentionMonths: 13 })], { db: database.db }),
);

describe('late events', () => {
  it('an event tracked for yesterday after yesterday was aggregated appears in yesterday’s metrics', async ({
    client,
    database: { db },
    assetIds,
  }) => {
    const asset = assetIds[3]!;
    const yesterday = addDays(dayOf(new Date()), -1);
    const at = (hour: number) => `${yesterday}T${String(hour).padStart(2, '0')}:15:00Z`;
    await trackEvents(
      [
        { eventId: 'late-a', type: 'VIEW', occurredAt: at(8), assetId: asset, userId: 'ann' },
        { eventId: 'late-b', type: 'VIEW', occurredAt: at(9), assetId: asset, sessionId: 'anon-1' },
      ],
      { client },
    );
    // The quick reference's manual aggregation, on the exported queue.
    const previous = setQueueClient(client);
    try {
      await aggregateDailyMetricsQueue.add('aggregate-daily', { date: yesterday });
    } finally {
      setQueueClient(previous);
    }
    await drained(client);
    const before = await getAssetMetrics(asset, { from: yesterday, to: yesterday }, { db });
    expect(before).toEqual([
      {
        period: yesterday,
        views: 2,
        clicks: 0,
        downloads: 0,
        licensePurchases: 0,
        revenueCents: 0,
        uniqueVisitors: 2,
      },
    ]);
    // Its week was rolled up already too.
    await rollupPeriod(db, 'week', weekPeriod(yesterday));

    // Late: tracked after the day was aggregated, from a visitor not seen yet.
    await trackEvent(
      {
        eventId: 'late-c',
        type: 'LICENSE_PURCHASE',
        occurredAt: at(23),
        assetId: asset,
        userId: 'bob',
        revenueCents: 1999,
      },
      { client },
    );
    await drained(client);
    expect(await getAssetMetrics(asset, { from: yesterday, to: yesterday }, { db })).toEqual([
      {
        period: yesterday,
        views: 2,
        clicks: 0,
        downloads: 0,
        licensePurchases: 1,
        revenueCents: 1999,
        uniqueVisitors: 3,
      },
    ]);
    const [week] = await getPlatformMetrics({ from: yesterday, to: yesterday, granularity: 'week' }, { db });
    expect(week).toMatchObject({ views: 2, licensePurchases: 1, revenueCents: 1999, uniqueVisitors: 3 });
  });

  it('aggregates a finished day by itself once events arrive for it', async ({
    client,
    database: { db },
  }) => {
    // Ten days back: another ISO week than the other test's, whichever runs first.
    const day = addDays(dayOf(new Date()), -10);
    await trackEvents(
      [{ eventId: 'auto-1', type: 'DOWNLOAD', occurredAt: `${day}T12:00:00Z`, userId: 'cy' }],
      { client },
    );
    await drained(client);
    const [figures] = await until(async () => {
      const rows = await getPlatformMetrics({ from: day, to: day }, { db });
      return rows[0]!.downloads > 0 && rows;
    });
    expect(figures).toMatchObject({ period: day, downloads: 1, uniqueVisitors: 1 });
  });
});
