import type { PrismaClient } from '@yg/db';
import { type Granularity, metricTables } from './metric-tables';
import type { Period } from './periods';

/** The database client the analytics statements run on. */
export type AnalyticsDb = PrismaClient;

export interface RollupResult {
  /** Asset rows written for the period. */
  assets: number;
}

// The figures of a set of events; the same expressions for every granularity, so a week's totals
// equal its days' and the raw events'. A visitor is a user, or else an anonymous session (prefixed
// so that a user id and a session id that happen to be equal stay two visitors).
const FIGURES = `
  count(*) FILTER (WHERE type = 'VIEW')::int,
  count(*) FILTER (WHERE type = 'CLICK')::int,
  count(*) FILTER (WHERE type = 'DOWNLOAD')::int,
  count(*) FILTER (WHERE type = 'LICENSE_PURCHASE')::int,
  coalesce(sum(revenue_cents) FILTER (WHERE type = 'LICENSE_PURCHASE'), 0)::bigint,
  count(DISTINCT coalesce('u:' || user_id, 's:' || session_id))::int`;

const COLUMNS = 'views, clicks, downloads, license_purchases, revenue_cents, unique_visitors';

// Events of the period by time; `$1`/`$2` are the half-open range's days.
const IN_PERIOD = 'occurred_at >= $1::date::timestamp AND occurred_at < $2::date::timestamp';

/** The statements of one roll-up, in order; exported so the benchmark can run the same SQL raw. */
export function rollupStatements(granularity: Granularity): string[] {
  const { asset, platform, key } = metricTables[granularity];
  return [
    // Replace, never add: the period's asset rows are rewritten as a whole, so an asset whose
    // events moved (or a re-run) leaves no stale row.
    `DELETE FROM ${asset} WHERE ${key} = $1::date`,
    // Only assets that exist: the metrics tables reference them, and events outlive assets.
    `INSERT INTO ${asset} (ip_asset_id, ${key}, ${COLUMNS}, updated_at)
     SELECT e.ip_asset_id, $1::date, ${FIGURES}, (now() AT TIME ZONE 'UTC')
       FROM analytics_events e
      WHERE ${IN_PERIOD} AND EXISTS (SELECT 1 FROM ip_assets a WHERE a.id = e.ip_asset_id)
      GROUP BY e.ip_asset_id`,
    // The platform row always exists after a roll-up, zeros included: it records that the
    // period was rolled up, and when.
    `INSERT INTO ${platform} (${key}, ${COLUMNS}, updated_at)
     SELECT $1::date, ${FIGURES}, (now() AT TIME ZONE 'UTC') FROM analytics_events WHERE ${IN_PERIOD}
     ON CONFLICT (${key}) DO UPDATE SET
       views = EXCLUDED.views, clicks = EXCLUDED.clicks, downloads = EXCLUDED.downloads,
       license_purchases = EXCLUDED.license_purchases, revenue_cents = EXCLUDED.revenue_cents,
       unique_visitors = EXCLUDED.unique_visitors, updated_at = EXCLUDED.updated_at`,
  ];
}

/** `SET LOCAL` for a roll-up: the distinct counts sort, and at the default 4 MB the sort spills. */
export const ROLLUP_WORK_MEM = "SET LOCAL work_mem = '64MB'";

/**
 * Recomputes one period's metrics, per asset and platform-wide, from the raw events, in one
 * transaction: a reader, or a worker killed half-way, sees the old figures or the new ones, never
 * a mix. Two roll-ups of the same period wait for each other (a transaction-level advisory lock),
 * so the second recomputes after the first and both leave the same rows.
 */
export async function rollupPeriod(
  db: AnalyticsDb,
  granularity: Granularity,
  period: Period,
  { timeoutMs = 600_000 }: { timeoutMs?: number } = {},
): Promise<RollupResult> {
  const [deleteAssets, insertAssets, upsertPlatform] = rollupStatements(granularity);
  return db.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(
        'SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))::text AS locked',
        `analytics-rollup-${granularity}`,
        period.from,
      );
      await tx.$executeRawUnsafe(ROLLUP_WORK_MEM);
      await tx.$executeRawUnsafe(deleteAssets!, period.from);
      const assets = await tx.$executeRawUnsafe(insertAssets!, period.from, period.to);
      await tx.$executeRawUnsafe(upsertPlatform!, period.from, period.to);
      return { assets };
    },
    // A month of events takes a while on a busy server; the transaction must not time out.
    { timeout: timeoutMs, maxWait: 60_000 },
  );
}
