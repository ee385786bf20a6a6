import type { weeklyRollup } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsDeps } from '../deps';
import { addDays, dayOf, weekPeriod } from '../periods';
import { retentionCutoff } from '../retention';
import { assertRawEventsKept } from '../retention-guard';
import { type RollupResult, rollupPeriod } from '../rollup';

export interface WeeklyRollupResult extends RollupResult {
  weekStart: string;
}

/**
 * Rolls up one ISO week (Monday to Sunday, UTC) from the raw events, so unique visitors are
 * distinct over the week. Without `weekOf`, the last complete week.
 */
export function createWeeklyRollupProcessor(
  config: AnalyticsConfig,
): Processor<typeof weeklyRollup, AnalyticsDeps, WeeklyRollupResult> {
  return async (job, { db, clock }) => {
    const today = dayOf(clock.now());
    const week = weekPeriod(job.data.weekOf ?? addDays(today, -7));
    assertRawEventsKept('Weekly roll-up', week, retentionCutoff(today, config.rawRetentionMonths));
    return { weekStart: week.from, ...(await rollupPeriod(db, 'week', week)) };
  };
}
