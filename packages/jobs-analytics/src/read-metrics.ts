import type { PrismaClient } from '@yg/db';
import { builtSchema, CalendarDate, lazySchema, payloadIssues, ValidationError } from '@yg/job-contracts';
import { type Granularity, metricTables } from './metric-tables';
import { addDays, isoWeekStart, monthStart, nextMonthStart } from './periods';

/** The read side needs raw queries only. */
export type MetricsDb = Pick<PrismaClient, '$queryRawUnsafe'>;

/** Periods one read may return: ten years of days. */
export const MAX_METRIC_PERIODS = 3660;

export interface MetricsQuery {
  /** First day (`YYYY-MM-DD` or a Date, UTC); its week or month when granularity is coarser. */
  from: string | Date;
  /** Last day, included. */
  to: string | Date;
  granularity?: Granularity;
}

export interface MetricsPoint {
  /** First day of the period (`YYYY-MM-DD`): the day, the ISO week's Monday, the month's 1st. */
  period: string;
  views: number;
  clicks: number;
  downloads: number;
  licensePurchases: number;
  revenueCents: number;
  uniqueVisitors: number;
}

const Query = lazySchema((z) =>
  z.strictObject({
    from: builtSchema(CalendarDate),
    to: builtSchema(CalendarDate),
    granularity: z.enum(['day', 'week', 'month']).default('day'),
  }),
);

interface Row {
  period: string;
  views: number;
  clicks: number;
  downloads: number;
  licensePurchases: number;
  revenueCents: string;
  uniqueVisitors: number;
}

/** One asset's metrics per period from the roll-up tables; a period without events is zeros. */
export async function getAssetMetrics(
  assetId: string,
  query: MetricsQuery,
  { db }: { db?: MetricsDb } = {},
): Promise<MetricsPoint[]> {
  const { granularity, periods } = parse(query);
  const { asset, key } = metricTables[granularity];
  const rows = await (db ?? (await defaultDb())).$queryRawUnsafe<Row[]>(
    `SELECT ${select(key)} FROM ${asset} WHERE ip_asset_id = $1 AND ${key} BETWEEN $2::date AND $3::date`,
    assetId,
    periods[0],
    periods[periods.length - 1],
  );
  return fill(periods, rows);
}

/** Platform-wide metrics per period; a period without events is zeros. */
export async function getPlatformMetrics(
  query: MetricsQuery,
  { db }: { db?: MetricsDb } = {},
): Promise<MetricsPoint[]> {
  const { granularity, periods } = parse(query);
  const { platform, key } = metricTables[granularity];
  const rows = await (db ?? (await defaultDb())).$queryRawUnsafe<Row[]>(
    `SELECT ${select(key)} FROM ${platform} WHERE ${key} BETWEEN $1::date AND $2::date`,
    periods[0],
    periods[periods.length - 1],
  );
  return fill(periods, rows);
}

function select(key: string): string {
  return `to_char(${key}, 'YYYY-MM-DD') AS period, views, clicks, downloads,
          license_purchases AS "licensePurchases", revenue_cents::text AS "revenueCents",
          unique_visitors AS "uniqueVisitors"`;
}

function parse(query: MetricsQuery): { granularity: Granularity; periods: string[] } {
  const result = builtSchema(Query).safeParse({ ...query, from: day(query.from), to: day(query.to) });
  if (!result.success) throw new ValidationError('metrics query', payloadIssues(result.error));
  const { from, to, granularity } = result.data;
  if (from > to)
    throw new ValidationError('metrics query', [{ field: 'to', message: 'must not be before from' }]);
  const first = granularity === 'day' ? from : granularity === 'week' ? isoWeekStart(from) : monthStart(from);
  const next = (p: string) =>
    granularity === 'day' ? addDays(p, 1) : granularity === 'week' ? addDays(p, 7) : nextMonthStart(p);
  const periods: string[] = [];
  for (let p = first; p <= to; p = next(p)) {
    if (periods.length === MAX_METRIC_PERIODS) {
      throw new ValidationError('metrics query', [
        { field: 'to', message: `must be within ${MAX_METRIC_PERIODS} periods of from` },
      ]);
    }
    periods.push(p);
  }
  return { granularity, periods };
}

function fill(periods: readonly string[], rows: readonly Row[]): MetricsPoint[] {
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  return periods.map((period) => {
    const row = byPeriod.get(period);
    return row
      ? { ...row, revenueCents: Number(row.revenueCents) }
      : {
          period,
          views: 0,
          clicks: 0,
          downloads: 0,
          licensePurchases: 0,
          revenueCents: 0,
          uniqueVisitors: 0,
        };
  });
}

function day(value: string | Date): unknown {
  if (!(value instanceof Date)) return value;
  return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().slice(0, 10);
}

async function defaultDb(): Promise<MetricsDb> {
  // Loaded on first read, so that importing the package never loads the database client.
  return (await import('@yg/db')).defaultDb();
}
