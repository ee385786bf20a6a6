import type { PrismaClient } from '@yg/db';
import { describe, expect } from 'vitest';
import { getAssetMetrics, getPlatformMetrics } from '../src/index';
import { insertEvents } from '../src/ingest';
import { type Granularity, metricTables } from '../src/metric-tables';
import { addDays, type Period, weekPeriod } from '../src/periods';
import { rollupPeriod } from '../src/rollup';
import { analyticsTest as it } from './support/analytics-test';
import { expectedFigures, type Figures, generateEvents } from './support/generated-events';

// 2026-02-23 … 2026-03-08: two ISO weeks, the first (Mon 23 Feb – Sun 1 Mar) spanning February and
// March, and a month boundary in the middle.
const FROM = '2026-02-23';
const DAYS = 14;

async function storedFigures(db: PrismaClient, granularity: Granularity, period: Period) {
  const { asset, platform, key } = metricTables[granularity];
  const select = `views, clicks, downloads, license_purchases AS "licensePurchases",
                  revenue_cents::int AS "revenueCents", unique_visitors AS "uniqueVisitors"`;
  const assets = await db.$queryRawUnsafe<(Figures & { id: string })[]>(
    `SELECT ip_asset_id AS id, ${select} FROM ${asset} WHERE ${key} = $1::date`,
    period.from,
  );
  const [platformRow] = await db.$queryRawUnsafe<Figures[]>(
    `SELECT ${select} FROM ${platform} WHERE ${key} = $1::date`,
    period.from,
  );
  return new Map<string, Figures>([
    ...assets.map(({ id, ...figures }) => [id, figures] as const),
    ['*', platformRow!],
  ]);
}

describe('roll-ups', () => {
  it('every roll-up equals the counts taken straight from the raw events', async ({
    database: { db },
    assetIds,
  }) => {
    // Events for an asset that does not exist count platform-wide only.
    const events = generateEvents({
      assetIds: [...assetIds, 'asset-gone'],
      from: FROM,
      days: DAYS,
      perDay: 60,
      seed: 1,
    });
    await insertEvents(db, events);

    const periods: [Granularity, Period][] = [];
    for (let d = 0; d < DAYS; d++)
      periods.push(['day', { from: addDays(FROM, d), to: addDays(FROM, d + 1) }]);
    periods.push(['week', weekPeriod(FROM)], ['week', weekPeriod(addDays(FROM, 7))]);
    periods.push(
      ['month', { from: '2026-02-01', to: '2026-03-01' }],
      ['month', { from: '2026-03-01', to: '2026-04-01' }],
    );
    for (const [granularity, period] of periods) await rollupPeriod(db, granularity, period);

    for (const [granularity, period] of periods) {
      const expected = expectedFigures(events, period.from, period.to, assetIds);
      expect(await storedFigures(db, granularity, period), `${granularity} ${period.from}`).toEqual(expected);
    }

    // Unique visitors of a week are distinct over the week, not the sum of its days'.
    const week = weekPeriod(FROM);
    const weekly = (await storedFigures(db, 'week', week)).get('*')!.uniqueVisitors;
    let dailySum = 0;
    for (let d = 0; d < 7; d++) {
      const day = addDays(week.from, d);
      dailySum += (await storedFigures(db, 'day', { from: day, to: addDays(day, 1) })).get(
        '*',
      )!.uniqueVisitors;
    }
    expect(weekly).toBe(expectedFigures(events, week.from, week.to, assetIds).get('*')!.uniqueVisitors);
    expect(weekly).toBeLessThan(dailySum);

    // The read side: from the roll-up tables, by period, with the period's first day.
    const asset = assetIds[0]!;
    const weeks = await getAssetMetrics(
      asset,
      { from: FROM, to: addDays(FROM, 13), granularity: 'week' },
      { db },
    );
    expect(weeks.map((w) => w.period)).toEqual(['2026-02-23', '2026-03-02']);
    expect(weeks[0]).toEqual({
      period: '2026-02-23',
      ...expectedFigures(events, week.from, week.to, assetIds).get(asset)!,
    });
    const months = await getPlatformMetrics(
      { from: '2026-02-10', to: '2026-03-31', granularity: 'month' },
      { db },
    );
    expect(months.map((m) => m.views)).toEqual([
      expectedFigures(events, '2026-02-01', '2026-03-01', assetIds).get('*')!.views,
      expectedFigures(events, '2026-03-01', '2026-04-01', assetIds).get('*')!.views,
    ]);
  });

  it('returns days without events as zeros', async ({ database: { db }, assetIds }) => {
    const days = await getAssetMetrics(assetIds[1]!, { from: '2024-05-30', to: '2024-06-02' }, { db });
    expect(days).toEqual(
      ['2024-05-30', '2024-05-31', '2024-06-01', '2024-06-02'].map((period) => ({
        period,
        views: 0,
        clicks: 0,
        downloads: 0,
        licensePurchases: 0,
        revenueCents: 0,
        uniqueVisitors: 0,
      })),
    );
  });

  it('refuses a read with a bad date, naming the field', async ({ database: { db } }) => {
    await expect(getPlatformMetrics({ from: '2025-02-30', to: '2025-03-02' }, { db })).rejects.toThrow(
      /from: must be a real calendar date/,
    );
  });
});
