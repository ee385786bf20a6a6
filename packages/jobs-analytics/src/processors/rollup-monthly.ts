import type { monthlyRollup } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsDeps } from '../deps';
import { addDays, dayOf, monthPeriod, monthStart } from '../periods';
import { dropRawEventsBefore, retentionCutoff } from '../retention';
import { assertRawEventsKept } from '../retention-guard';
import { type RollupResult, rollupPeriod } from '../rollup';

export interface MonthlyRollupResult extends RollupResult {
  month: string;
  /** Raw events dropped because they are older than the retention. */
  dropped: number;
}

/**
 * Rolls up one month from the raw events (without `month`, the previous one), then drops raw
 * events older than the retention: once a month, right after the last roll-up that reads them.
 */
export function createMonthlyRollupProcessor(
  config: AnalyticsConfig,
): Processor<typeof monthlyRollup, AnalyticsDeps, MonthlyRollupResult> {
  return async (job, { db, clock }) => {
    const today = dayOf(clock.now());
    const month = monthPeriod(job.data.month ? `${job.data.month}-01` : addDays(monthStart(today), -1));
    const cutoff = retentionCutoff(today, config.rawRetentionMonths);
    assertRawEventsKept('Monthly roll-up', month, cutoff);
    const result = await rollupPeriod(db, 'month', month);
    const dropped = await dropRawEventsBefore(db, cutoff);
    return { month: month.from.slice(0, 7), ...result, dropped };
  };
}
