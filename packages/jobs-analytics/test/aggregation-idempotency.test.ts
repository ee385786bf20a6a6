import { createDb } from '@yg/db';
import { describe, expect } from 'vitest';
import { insertEvents } from '../src/ingest';
import { rollupPeriod } from '../src/rollup';
import { analyticsTest as it, metricRows } from './support/analytics-test';
import { generateEvents } from './support/generated-events';

const DAY = { from: '2026-05-12', to: '2026-05-13' };

describe('daily aggregation', () => {
  it('gives the same rows aggregated once, twice, or by two workers at once', async ({
    database,
    assetIds,
  }) => {
    const { db } = database;
    await insertEvents(db, generateEvents({ assetIds, from: DAY.from, days: 1, perDay: 400, seed: 3 }));

    await rollupPeriod(db, 'day', DAY);
    const once = {
      assets: await metricRows(db, 'asset_daily_metrics'),
      platform: await metricRows(db, 'platform_daily_metrics'),
    };
    expect(once.assets.length).toBe(assetIds.length);

    await rollupPeriod(db, 'day', DAY);
    expect(await metricRows(db, 'asset_daily_metrics')).toEqual(once.assets);
    expect(await metricRows(db, 'platform_daily_metrics')).toEqual(once.platform);

    // Two workers: two clients (two connection pools), both aggregating the day at the same moment.
    const other = createDb({ url: database.url, poolSize: 2 });
    try {
      await Promise.all([rollupPeriod(db, 'day', DAY), rollupPeriod(other, 'day', DAY)]);
    } finally {
      await other.$disconnect();
    }
    expect(await metricRows(db, 'asset_daily_metrics')).toEqual(once.assets);
    expect(await metricRows(db, 'platform_daily_metrics')).toEqual(once.platform);
  });

  it('replaces an asset row whose events are gone instead of keeping it', async ({
    database: { db },
    assetIds,
  }) => {
    const day = { from: '2026-06-01', to: '2026-06-02' };
    await insertEvents(db, [
      {
        eventId: 'moved-1',
        type: 'VIEW',
        occurredAt: '2026-06-01T10:00:00Z',
        assetId: assetIds[2]!,
        userId: 'u1',
      },
    ]);
    await rollupPeriod(db, 'day', day);
    expect((await metricRows(db, 'asset_daily_metrics')).filter((r) => r.date === '2026-06-01')).toHaveLength(
      1,
    );
    await db.$executeRawUnsafe(`DELETE FROM analytics_events WHERE client_event_id = 'moved-1'`);
    await rollupPeriod(db, 'day', day);
    expect((await metricRows(db, 'asset_daily_metrics')).filter((r) => r.date === '2026-06-01')).toHaveLength(
      0,
    );
    expect(
      (await metricRows(db, 'platform_daily_metrics')).find((r) => r.date === '2026-06-01'),
    ).toMatchObject({
      views: 0,
      unique_visitors: 0,
    });
  });
});
