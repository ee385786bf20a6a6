// Daily aggregation of a day of LARGE_EVENTS events (default 1,000,000): the worker's job, enqueue →
// completed, against the same statements (`rollupStatements`) run raw over one `pg` connection in
// one transaction; and the worker's peak memory aggregating 100,000 events against 1,000,000.
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { dailyAggregation } from '@yg/job-contracts';
import { ROLLUP_WORK_MEM, rollupStatements } from '@yg/jobs-analytics/worker';
import pg from 'pg';
import { analyticsDatabase, completed, generateEvents, LARGE_EVENTS, startWorker, yesterday } from './world';

const SMALL_EVENTS = 100_000;

export async function analyticsAggregation(): Promise<Row[]> {
  const database = await analyticsDatabase();
  try {
    const large = yesterday(1);
    const small = yesterday(2);
    await generateEvents(database, large, LARGE_EVENTS);
    await generateEvents(database, small, SMALL_EVENTS);
    const statements = rollupStatements('day');
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();

    const worker = await startWorker(database);
    let time: { ours: number; raw: number };
    try {
      time = await compare(
        3,
        async () => {
          const { jobId } = await worker.client.enqueue(dailyAggregation, { date: large });
          const ms = await timeIt(() => completed(worker, dailyAggregation.queue, jobId));
          // A finished day's aggregation may queue nothing else; wait anyway, outside the timing.
          await worker.idle();
          return ms;
        },
        () =>
          timeIt(async () => {
            await raw.query('BEGIN');
            await raw.query(ROLLUP_WORK_MEM);
            await raw.query(statements[0]!, [large]);
            await raw.query(statements[1]!, [large, nextDay(large)]);
            await raw.query(statements[2]!, [large, nextDay(large)]);
            await raw.query('COMMIT');
          }),
      );
    } finally {
      await worker.stop();
      await raw.end();
    }

    // Peak memory of a fresh worker aggregating one day, at 100,000 events and at LARGE_EVENTS.
    const peakOf = async (day: string) => {
      const fresh = await startWorker(database);
      try {
        const { jobId } = await fresh.client.enqueue(dailyAggregation, { date: day });
        await completed(fresh, dailyAggregation.queue, jobId);
        return await fresh.peakRssMiB();
      } finally {
        await fresh.stop();
      }
    };
    const peakSmall = await peakOf(small);
    const peakLarge = await peakOf(large);
    const n = LARGE_EVENTS.toLocaleString('en-US');
    return [
      {
        name: `daily aggregation of ${n} events (ms, lower is better)`,
        ours: time.ours,
        raw: time.raw,
        unit: 'ms',
        lowerIsBetter: true,
        // ≤ 1.3× the raw time (raw/ours ≥ 0.77).
        goal: 0.77,
      },
      {
        name: `worker peak RSS: ${n} events (ours) vs ${SMALL_EVENTS.toLocaleString('en-US')} (raw col.)`,
        ours: peakLarge,
        raw: peakSmall,
        unit: 'MiB',
        lowerIsBetter: true,
        goal: 0.9,
      },
    ];
  } finally {
    await database.drop();
  }
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
