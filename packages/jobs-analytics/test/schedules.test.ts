import { analyticsEnrichment, monthlyRollup, searchFullReindex, weeklyRollup } from '@yg/job-contracts';
import { defineJobModule } from '@yg/queue-core';
import { describe, expect } from 'vitest';
import { createAnalyticsModule } from '../src/module';
import { analyticsTest as it } from './support/analytics-test';

// Another domain's module with a schedule of its own, as the worker app composes them (a stand-in:
// a domain package never imports another).
const otherDomain = defineJobModule<object>()({
  group: 'search',
  processors: { reindex: { contract: searchFullReindex, process: async () => ({}), serial: true } },
  schedules: { 'weekly-full-reindex': { contract: searchFullReindex, pattern: '0 3 * * 0', payload: {} } },
});

describe('analytics schedules', () => {
  it('are registered once across instances, beside the other domains’ schedules', async ({
    startRuntime,
    client,
    database: { db },
  }) => {
    const modules = [createAnalyticsModule({ rawRetentionMonths: 13 }), otherDomain];
    // Three instances starting at once.
    await Promise.all([1, 2, 3].map(() => startRuntime(modules, { db })));

    const schedulersOf = async (queue: string) =>
      (await client.queue(queue).getJobSchedulers(0, -1, true)).map((s) => ({
        id: s.key,
        pattern: s.pattern,
        tz: s.tz,
      }));
    expect(await schedulersOf(analyticsEnrichment.queue)).toEqual([
      { id: 'analytics-enrichment-sweep', pattern: '0 * * * *', tz: 'UTC' },
    ]);
    expect(await schedulersOf(weeklyRollup.queue)).toEqual([
      { id: 'analytics-weekly-rollup', pattern: '0 4 * * 1', tz: 'UTC' },
    ]);
    expect(await schedulersOf(monthlyRollup.queue)).toEqual([
      { id: 'analytics-monthly-rollup', pattern: '0 5 2 * *', tz: 'UTC' },
    ]);
    expect(await schedulersOf(searchFullReindex.queue)).toEqual([
      { id: 'weekly-full-reindex', pattern: '0 3 * * 0', tz: 'UTC' },
    ]);
  });
});
