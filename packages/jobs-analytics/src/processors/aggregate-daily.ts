import { type dailyAggregation, monthlyRollup, weeklyRollup } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsDeps } from '../deps';
import { metricTables } from '../metric-tables';
import { addDays, dayOf, monthPeriod, type Period, weekPeriod } from '../periods';
import { retentionCutoff } from '../retention';
import { assertRawEventsKept } from '../retention-guard';
import { type AnalyticsDb, type RollupResult, rollupPeriod } from '../rollup';

export interface DailyAggregationResult extends RollupResult {
  date: string;
  /** Week and month roll-ups queued again because this day changed after they were computed. */
  requeued: string[];
}

/**
 * Recomputes one day's metrics from its raw events. When the day's week or month was already
 * rolled up, that roll-up is queued again, so a late event reaches every granularity.
 */
export function createDailyAggregationProcessor(
  config: AnalyticsConfig,
): Processor<typeof dailyAggregation, AnalyticsDeps, DailyAggregationResult> {
  return async (job, { db, queues, clock }) => {
    const { date } = job.data;
    const today = dayOf(clock.now());
    const day = { from: date, to: addDays(date, 1) };
    assertRawEventsKept('Daily aggregation', day, retentionCutoff(today, config.rawRetentionMonths));
    const result = await rollupPeriod(db, 'day', day);
    const requeued: string[] = [];
    const week = weekPeriod(date);
    if (await rolledUp(db, 'week', week)) {
      await queues.enqueue(weeklyRollup, { weekOf: week.from });
      requeued.push(`week ${week.from}`);
    }
    const month = monthPeriod(date);
    if (await rolledUp(db, 'month', month)) {
      await queues.enqueue(monthlyRollup, { month: month.from.slice(0, 7) });
      requeued.push(`month ${month.from.slice(0, 7)}`);
    }
    return { date, ...result, requeued };
  };
}

async function rolledUp(db: AnalyticsDb, granularity: 'week' | 'month', period: Period): Promise<boolean> {
  const { platform, key } = metricTables[granularity];
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM ${platform} WHERE ${key} = $1::date`,
    period.from,
  );
  return rows.length > 0;
}
