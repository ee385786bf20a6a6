// Several hosts, each one `yg-worker start` process of its own, sharing one Redis prefix and one
// database: what a deployment with N containers or machines does.
import { seedDemoData } from '@yg/db/testing';
import { queueSearchIndexUpdate } from '@yg/jobs-search';
import { documentSources } from '@yg/jobs-search/worker';
import { QueueClient, queueConfig, schedulesOf } from '@yg/queue-core';
import { until } from '@yg/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createModules } from '../src/modules';
import { database, start, testPrefix, waitForOutput } from './worker-process';

const HOSTS = 3;
const QUEUE = 'search-index-realtime';
/** Per host, so that the hosts' slots are known: with every job held, each host holds this many. */
const SLOTS = 4;
const HOST_ENV = {
  WORKER_HTTP_PORT: '0',
  WORKER_CONCURRENCY_SEARCH_INDEX_REALTIME: String(SLOTS),
  // Each held job keeps a connection; a few more for everything else.
  DATABASE_POOL_SIZE: String(SLOTS + 3),
  // A completed job's line is at debug: the test reads who ran what from it.
  LOG_LEVEL: 'debug',
};
/**
 * A stopped host's jobs are free again 2 s after its last lock renewal; the others look every
 * second. Only where a handover is tested: elsewhere a busy machine that delays a renewal would
 * hand a job over that nobody stopped.
 */
const SHORT_LOCKS = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };

type Host = ReturnType<typeof start>;

function startHost(prefix: string, env: Record<string, string> = {}): Host {
  return start(['start'], { ...HOST_ENV, BULLMQ_PREFIX: prefix, ...env });
}

async function startHosts(prefix: string, count: number, env: Record<string, string> = {}): Promise<Host[]> {
  const hosts = Array.from({ length: count }, () => startHost(prefix, env));
  await Promise.all(hosts.map((host) => waitForOutput(host, 'worker running')));
  return hosts;
}

async function stop(host: Host): Promise<number | null> {
  host.child.kill('SIGTERM'); // the process a user started, as a supervisor signals it
  return host.exited;
}

interface LogEntry {
  level: number;
  msg?: string;
  queue?: string;
  jobId?: string;
}

/** A host's JSON log lines, in order. */
function logOf(host: Host): LogEntry[] {
  return host
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogEntry);
}

/** The ids of the `QUEUE` jobs a host logged as completed, in order, repeats kept. */
function completedBy(host: Host): string[] {
  return logOf(host)
    .filter((entry) => entry.msg === 'job completed' && entry.queue === QUEUE)
    .map((entry) => entry.jobId!);
}

/** The messages a host logged at `level` (pino's numbers: 40 warn, 50 error). */
function logged(host: Host, level: number): string[] {
  return logOf(host)
    .filter((entry) => entry.level === level)
    .map((entry) => entry.msg ?? '');
}

/**
 * On failure, what each host logged above info (a failed run, a lost lock, an outage): the
 * assertions see only Redis, and the reason a job spent an attempt is in some host's log.
 */
function reportOnFailure(hosts: () => Host[]): void {
  onTestFailed(() => {
    hosts().forEach((host, i) => {
      const lines = host
        .output()
        .split('\n')
        .filter((line) => !line.startsWith('{') || !/"level":(20|30)\b/.test(line));
      console.error(`host ${i}, beyond info:\n${lines.join('\n')}`);
    });
  });
}

/**
 * Holds an exclusive lock on `ip_assets`: an asset's index update waits in its first query for as
 * long as the lock is held, so the test decides when jobs may finish.
 */
async function holdAssets(): Promise<{ release(): Promise<void> }> {
  const locker = new pg.Client({ connectionString: database.url });
  locker.on('error', () => {}); // dropping the database ends this session too
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE ip_assets IN ACCESS EXCLUSIVE MODE');
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await locker.query('ROLLBACK');
      await locker.end();
    },
  };
}

let assets: string[];
beforeAll(async () => {
  await seedDemoData(database.db, { assets: 300, licenses: 0, posts: 0, notifications: 0, events: 0 });
  const rows = await database.db.$queryRaw<{ id: string }[]>`SELECT id FROM ip_assets ORDER BY id`;
  assets = rows.map((r) => r.id);
});

const clients: QueueClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

function producer(prefix: string): QueueClient {
  const client = new QueueClient({ config: queueConfig({ prefix }) });
  clients.push(client);
  return client;
}

describe(`${HOSTS} yg-worker hosts on one prefix`, () => {
  it('leave each declared job scheduler in Redis once, with one upcoming job, also after a host restarts', async () => {
    const prefix = testPrefix();
    const client = producer(prefix);
    const declared = new Map<string, string[]>();
    for (const module of createModules()) {
      for (const { id, schedule } of schedulesOf(module)) {
        declared.set(schedule.contract.queue, [...(declared.get(schedule.contract.queue) ?? []), id]);
      }
    }
    expect(declared.size).toBeGreaterThan(1);

    // Every scheduler once, and exactly one job waiting for its next run: a second one would run
    // the cron twice. Polled, because an every-minute schedule may be between two runs.
    const schedulesOnce = async () => {
      for (const [queueName, ids] of declared) {
        const queue = client.queue(queueName);
        const schedulers = await queue.getJobSchedulers(0, -1);
        expect(schedulers.map((s) => s.key).sort(), queueName).toEqual([...ids].sort());
        for (const id of ids) {
          const upcoming = async () =>
            (await queue.getJobs(['delayed', 'waiting', 'prioritized'], 0, -1)).filter((job) =>
              job.id?.startsWith(`repeat:${id}:`),
            ).length;
          await until(async () => (await upcoming()) === 1, 20_000, `one upcoming job of ${queueName}/${id}`);
        }
      }
    };

    // Started together: their upserts race.
    const hosts = await startHosts(prefix, HOSTS);
    reportOnFailure(() => hosts);
    await schedulesOnce();

    expect(await stop(hosts[0]!)).toBe(0);
    hosts[0] = startHost(prefix);
    await waitForOutput(hosts[0], 'worker running');
    await schedulesOnce();

    expect(await Promise.all(hosts.map(stop))).toEqual(hosts.map(() => 0));
  }, 120_000);

  it('run every job once, spread over the hosts', async () => {
    const prefix = testPrefix();
    const client = producer(prefix);
    const queue = client.queue(QUEUE);
    const held = await holdAssets();
    try {
      const hosts = await startHosts(prefix, HOSTS);
      reportOnFailure(() => hosts);
      const ids = await Promise.all(
        assets.map(async (id) => (await queueSearchIndexUpdate('asset', id, 'update', { client })).jobId),
      );
      expect(new Set(ids).size).toBe(assets.length);
      // Every host takes jobs until its slots are full and then waits on the lock: all of them work.
      await until(
        async () => (await queue.getJobCounts('active')).active === HOSTS * SLOTS,
        30_000,
        'every host to hold its share of jobs',
      );
      await held.release();
      await until(
        async () => (await queue.getJobCounts('completed')).completed === assets.length,
        120_000,
        'every job to complete',
      );
      expect(await Promise.all(hosts.map(stop))).toEqual(hosts.map(() => 0));

      // Each job completed once, by one host, at its first attempt.
      const perHost = hosts.map(completedBy);
      for (const done of perHost) expect(done.length).toBeGreaterThanOrEqual(SLOTS);
      expect(perHost.flat().sort()).toEqual([...ids].sort());
      const jobs = await queue.getJobs(['completed'], 0, -1);
      // With the errors of any failed run, so that a failure says what threw.
      expect(jobs.map((j) => ({ attemptsMade: j.attemptsMade, errors: j.stacktrace }))).toEqual(
        ids.map(() => ({ attemptsMade: 1, errors: [] })),
      );
      expect(await queue.getJobCounts('failed', 'waiting', 'active', 'delayed')).toEqual({
        failed: 0,
        waiting: 0,
        active: 0,
        delayed: 0,
      });
      // And the work is there: a document for every asset the catalog shows.
      const [index] = await database.db.$queryRaw<{ visible: number; documents: number }[]>`
        WITH src AS (${documentSources.asset.select})
        SELECT (SELECT count(*)::int FROM src WHERE visible) AS visible,
               (SELECT count(*)::int FROM search_documents WHERE entity_type = 'asset') AS documents`;
      expect(index!.visible).toBeGreaterThan(0);
      expect(index!.documents).toBe(index!.visible);
    } finally {
      await held.release();
    }
  }, 240_000);

  it('hand the active jobs of a host stopped by SIGTERM to the other hosts once its locks lapse', async () => {
    const prefix = testPrefix();
    const client = producer(prefix);
    const queue = client.queue(QUEUE);
    const held = await holdAssets();
    try {
      // The first host alone takes the jobs, so they are known to be its own.
      const first = startHost(prefix, { ...SHORT_LOCKS, SHUTDOWN_TIMEOUT_MS: '500' });
      await waitForOutput(first, 'worker running');
      const ids = await Promise.all(
        assets
          .slice(0, SLOTS)
          .map(async (id) => (await queueSearchIndexUpdate('asset', id, 'update', { client })).jobId),
      );
      await until(async () => (await queue.getJobCounts('active')).active === SLOTS, 30_000, 'active jobs');
      const others = await startHosts(prefix, HOSTS - 1, SHORT_LOCKS);
      reportOnFailure(() => [first, ...others]);

      // Its jobs outlast SHUTDOWN_TIMEOUT_MS: it exits with them still active and locked.
      expect(await stop(first)).toBe(0);
      expect(first.output()).toContain('jobs still active at the shutdown deadline');
      // A stop past the deadline is planned: the operator's log shows it at warn, with no error.
      expect(logged(first, 50)).toEqual([]);
      expect(completedBy(first)).toEqual([]);

      // The others find them once the locks lapse (lock duration + stalled interval) and take them.
      await until(
        async () => {
          const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
          return jobs.every((job) => job && job.stalledCounter > 0) || undefined;
        },
        60_000,
        'the stalled jobs to be found',
      );
      await held.release();
      await until(
        async () => (await queue.getJobCounts('completed')).completed === SLOTS,
        60_000,
        'the handed-over jobs to complete',
      );
      expect(await Promise.all(others.map(stop))).toEqual(others.map(() => 0));

      expect(others.flatMap(completedBy).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const job = (await queue.getJob(id))!;
        expect(await job.getState()).toBe('completed');
        // A lost worker is not the job's fault: the stall spent no attempt.
        expect({
          attemptsMade: job.attemptsMade,
          stalls: job.stalledCounter,
          errors: job.stacktrace,
        }).toEqual({
          attemptsMade: 1,
          stalls: 1,
          errors: [],
        });
      }
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await held.release();
    }
  }, 240_000);
});
