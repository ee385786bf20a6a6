// What the analytics suites share: a database of their own with a few hundred assets, events
// generated in SQL with a realistic spread, and the real worker in a child process.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, seedDemoData, type TestDatabase } from '@yg/db/testing';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from '../redis';

export const ASSETS = 500;

/** How many events the large runs use: `ANALYTICS_BENCH_EVENTS` (default 1,000,000). */
export const LARGE_EVENTS = Number(process.env.ANALYTICS_BENCH_EVENTS ?? 1_000_000);

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
];

export async function analyticsDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await seedDemoData(database.db, { assets: ASSETS, seed: 12, events: 0, notifications: 1 });
  return database;
}

/**
 * `count` raw events on `day`, generated in SQL: assets by a skewed popularity (a few assets get
 * most views), visitors from a pool a tenth of the events (so they come back), 60% views, 25%
 * clicks, 10% downloads, 5% purchases, agents from a list, times spread over the day.
 */
export async function generateEvents(database: TestDatabase, day: string, count: number): Promise<void> {
  const agents = `ARRAY[${USER_AGENTS.map((a) => `'${a.replaceAll("'", "''")}'`).join(',')}]`;
  await database.db.$executeRawUnsafe(
    `INSERT INTO analytics_events (type, ip_asset_id, user_id, session_id, occurred_at, user_agent, referrer, revenue_cents)
     SELECT t.type::analytics_event_type, a.ids[1 + floor(power(random(), 3) * array_length(a.ids, 1))::int],
            CASE WHEN v < $3 / 20 THEN 'user-' || v END, CASE WHEN v >= $3 / 20 THEN 'session-' || v END,
            $1::date + random() * interval '1 day', (${agents})[1 + floor(random() * ${USER_AGENTS.length})::int],
            'https://ref' || (n % 50) || '.example.com/p', CASE WHEN t.type = 'LICENSE_PURCHASE' THEN 100 + (n % 9900) END
       FROM generate_series(1, $2::int) AS n,
            LATERAL (SELECT floor(random() * ($3 / 10 + 1))::int AS v, random() AS r) AS x,
            LATERAL (SELECT CASE WHEN x.r < 0.6 THEN 'VIEW' WHEN x.r < 0.85 THEN 'CLICK'
                                 WHEN x.r < 0.95 THEN 'DOWNLOAD' ELSE 'LICENSE_PURCHASE' END AS type) AS t,
            (SELECT array_agg(id ORDER BY id) AS ids FROM ip_assets) AS a`,
    day,
    count,
    count,
  );
  await database.db.$executeRawUnsafe('VACUUM ANALYZE analytics_events');
}

export interface WorkerProcess {
  client: QueueClient;
  peakRssMiB(): Promise<number>;
  /** Waits until no analytics job is waiting or running (the schedules' delayed runs aside). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh worker on `database` and a client on a fresh prefix. */
export async function startWorker(database: TestDatabase): Promise<WorkerProcess> {
  const prefix = benchPrefix('ours');
  const client = new QueueClient({
    config: queueConfig({ redisUrl: REDIS_URL, prefix }),
    logger: silentLogger,
  });
  const child: ChildProcess = fork(fileURLToPath(new URL('./worker.mjs', import.meta.url)), {
    env: { ...process.env, DATABASE_URL: database.url, REDIS_URL, BULLMQ_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`analytics worker exited with ${code}`)));
  });
  return {
    client,
    peakRssMiB: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { peakRssMiB: number }).peakRssMiB));
        child.send('peak-rss');
      }),
    idle: async () => {
      const queues = [
        'analytics-ingest',
        'analytics-enrichment',
        'analytics-aggregate-daily',
        'analytics-rollup-weekly',
        'analytics-rollup-monthly',
      ];
      for (;;) {
        let busy = 0;
        for (const name of queues) {
          const counts = await client.queue(name).getJobCounts('waiting', 'active', 'prioritized');
          busy += Object.values(counts).reduce((a, b) => a + b, 0);
        }
        if (busy === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await client.close();
      const admin = new Redis(REDIS_URL);
      await dropPrefix(admin, prefix);
      await admin.quit();
    },
  };
}

/** Runs one job through the worker and waits for it to complete. */
export async function completed(worker: WorkerProcess, queue: string, jobId: string): Promise<void> {
  const q = worker.client.queue(queue);
  for (;;) {
    const state = await (await q.getJob(jobId))?.getState();
    if (state === 'completed') return;
    if (state === 'failed')
      throw new Error(`${queue} job ${jobId} failed: ${(await q.getJob(jobId))?.failedReason}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function yesterday(offsetDays = 1): string {
  return new Date(Date.now() - offsetDays * 86_400_000).toISOString().slice(0, 10);
}
