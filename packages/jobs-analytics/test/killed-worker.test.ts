import type { PrismaClient } from '@yg/db';
import { dailyAggregation } from '@yg/job-contracts';
import { type RunningProcess, runProcess } from '@yg/testing';
import { afterEach, describe, expect } from 'vitest';
import { insertEvents } from '../src/ingest';
import { rollupPeriod } from '../src/rollup';
import { drained, analyticsTest as it, metricRows, REDIS_URL, until } from './support/analytics-test';
import { generateEvents } from './support/generated-events';

const DAY = { from: '2026-07-07', to: '2026-07-08' };
const workers: RunningProcess[] = [];

afterEach(async () => {
  for (const worker of workers.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    await worker.exited;
  }
});

function startWorker(url: string, prefix: string): RunningProcess {
  const worker = runProcess(new URL('./processes/analytics-worker.mjs', import.meta.url), {
    env: {
      DATABASE_URL: url,
      REDIS_URL,
      BULLMQ_PREFIX: prefix,
      // A dead worker's job is taken over after two seconds instead of thirty.
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
    },
  });
  workers.push(worker);
  return worker;
}

async function snapshot(db: PrismaClient) {
  return {
    assets: (await metricRows(db, 'asset_daily_metrics')).filter((r) => r.date === DAY.from),
    platform: (await metricRows(db, 'platform_daily_metrics')).filter((r) => r.date === DAY.from),
  };
}

/** Sessions of this database, other than idle ones, that are inside a transaction. */
async function openTransactions(db: PrismaClient): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
  );
  return row!.n;
}

describe('a worker killed mid-aggregation', () => {
  it('leaves the old figures, never half of the new ones; the retry writes the new', async ({
    client,
    prefix,
    database,
    assetIds,
  }) => {
    const { db } = database;
    await insertEvents(db, generateEvents({ assetIds, from: DAY.from, days: 1, perDay: 200, seed: 5 }));
    await rollupPeriod(db, 'day', DAY);
    const old = await snapshot(db);
    // More events for the day: the next aggregation changes every row.
    await insertEvents(db, generateEvents({ assetIds, from: DAY.from, days: 1, perDay: 300, seed: 6 }));

    // Hold the day's platform row: the worker's transaction rewrites the asset rows, then waits
    // here for the platform row — half-way through, where a kill hurts most.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = db.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(
          `SELECT 1 FROM platform_daily_metrics WHERE date = $1::date FOR UPDATE`,
          DAY.from,
        );
        await released;
      },
      { timeout: 120_000 },
    );

    const first = startWorker(database.url, prefix);
    await first.waitFor('analytics worker ready', 60_000);
    await client.enqueue(dailyAggregation, { date: DAY.from });
    await until(
      async () => {
        const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO platform_daily_metrics%'`,
        );
        return row!.n > 0;
      },
      60_000,
      'the aggregation to wait for the platform row',
    );
    first.child.kill('SIGKILL');
    await first.exited;
    release();
    await holding;
    // The dead worker's session ends with its transaction rolled back.
    await until(async () => (await openTransactions(db)) === 0, 60_000, 'the killed session to end');
    expect(await snapshot(db)).toEqual(old);

    // Another worker takes the job over and writes the new figures, whole.
    startWorker(database.url, prefix);
    await drained(client);
    const fresh = await snapshot(db);
    expect(fresh).not.toEqual(old);
    await rollupPeriod(db, 'day', DAY);
    expect(await snapshot(db)).toEqual(fresh);
  });
});
