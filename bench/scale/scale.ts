// Scale-out: no-op and real (search update) jobs/s with 1, 2 and 4 worker processes, on one Redis
// server and on a 3-master Redis Cluster, each beside raw BullMQ workers with the same process
// count — plus where the CPU went (Redis per node, the worker processes), to see what stops
// the scaling. Both Redis setups are the suite's own (loopback ports, started and stopped here),
// so no other client of the shared test Redis weighs on them.
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { machineBusySeconds, type Row, ticksPerSecond } from '@yg/bench-harness';
import type { TestDatabase } from '@yg/db/testing';
import { BULK_SEARCH_MAX_IDS } from '@yg/job-contracts';
import { reconcileEntitiesStatement } from '@yg/jobs-search/worker';
import { type LocalCluster, startLocalCluster, startLocalRedis } from '@yg/redis-cluster';
import { Queue } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import { allAssetIds, seededDatabase } from '../search/world';

const PROCESSES = [1, 2, 4] as const;
const CONCURRENCY = 16;
const NOOP_JOBS = 30_000;
const SEARCH_JOBS = 3000;

type Side = 'ours' | 'raw';
type Kind = 'noop' | 'search';

interface Topology {
  name: string;
  redis: LocalCluster;
  env: Record<string, string>;
  connect(): Redis | Cluster;
}

/**
 * One run's figures over its steady part: from 10 % to 90 % of the jobs completed, so that process
 * start-up, the first fetches and the tail do not count. CPU in cores (1.0 = one core busy all
 * along that window).
 */
interface Run {
  jobsPerSecond: number;
  /** Every Redis node together. */
  redisCores: number;
  /** The busiest node alone: on a cluster, the master holding the queue's slot. */
  busiestNodeCores: number;
  /** The worker processes together. */
  workerCores: number;
  /** Every postgres process of the machine (the search job's SQL; other users' too). */
  postgresCores: number;
  /** The whole machine. */
  machineCores: number;
}

/** CPU seconds used so far, per source. */
interface Snapshot {
  at: number;
  redis: number[];
  workers: number;
  postgres: Map<string, number>;
  machine: number;
}

export async function scaleOut(): Promise<Row[]> {
  const single = await startLocalRedis();
  const cluster = await startLocalCluster({ masters: 3 }).catch(async (error) => {
    await single.stop();
    throw error;
  });
  const database = await seededDatabase(SEARCH_JOBS);
  const detail: string[][] = [];
  const rows: Row[] = [];
  try {
    const entityIds = (await allAssetIds(database.db)).slice(0, SEARCH_JOBS);
    await indexLicenses(database);
    const topologies: Topology[] = [
      {
        name: '1 Redis',
        redis: single,
        env: { REDIS_URL: `redis://${single.nodes}`, REDIS_CLUSTER_NODES: '' },
        connect: () => new Redis(`redis://${single.nodes}`, { maxRetriesPerRequest: null }),
      },
      {
        name: '3-master cluster',
        redis: cluster,
        env: { REDIS_CLUSTER_NODES: cluster.nodes, REDIS_URL: '' },
        connect: () => new Cluster(nodesOf(cluster), { redisOptions: { maxRetriesPerRequest: null } }),
      },
    ];
    for (const kind of ['noop', 'search'] as const) {
      for (const topology of topologies) {
        for (const processes of PROCESSES) {
          const runs = {} as Record<Side, Run>;
          for (const side of ['raw', 'ours'] as const) {
            runs[side] = await measure({ kind, side, processes, topology, database, entityIds });
            detail.push([
              kind === 'noop' ? 'no-op' : 'search update',
              topology.name,
              String(processes),
              side,
              Math.round(runs[side].jobsPerSecond).toLocaleString('en-US'),
              runs[side].redisCores.toFixed(2),
              runs[side].busiestNodeCores.toFixed(2),
              runs[side].workerCores.toFixed(2),
              runs[side].postgresCores.toFixed(2),
              runs[side].machineCores.toFixed(2),
            ]);
          }
          rows.push({
            name: `${kind === 'noop' ? 'no-op' : 'search update'}, ${topology.name}, ${processes} process${processes > 1 ? 'es' : ''}`,
            ours: runs.ours.jobsPerSecond,
            raw: runs.raw.jobsPerSecond,
            unit: 'jobs/s',
          });
        }
      }
    }
  } finally {
    await database.drop();
    await Promise.all([single.stop(), cluster.stop()]);
  }
  printDetail(detail);
  return rows;
}

/** One run: fill a paused queue, start the processes, resume, time until every job completed. */
async function measure(options: {
  kind: Kind;
  side: Side;
  processes: number;
  topology: Topology;
  database: TestDatabase;
  entityIds: readonly string[];
}): Promise<Run> {
  const { kind, side, processes, topology, database, entityIds } = options;
  const prefix = `{bench-scale-${side}-${kind}-${processes}}`;
  const admin = topology.connect();
  const queueName = kind === 'noop' ? 'bench-scale-noop' : 'search-index-realtime';
  const queue = new Queue(queueName, { connection: admin, prefix });
  const total = kind === 'noop' ? NOOP_JOBS : entityIds.length;
  const children: ChildProcess[] = [];
  try {
    await queue.pause();
    for (let i = 0; i < total; i += 1000) {
      const n = Math.min(1000, total - i);
      await queue.addBulk(
        Array.from({ length: n }, (_, k) => ({
          name: kind === 'noop' ? 'noop' : 'update',
          data:
            kind === 'noop'
              ? { entityId: `asset-${i + k}`, n: i + k }
              : { entityType: 'asset', entityId: entityIds[i + k]!, operation: 'update' },
          opts: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
        })),
      );
    }
    const counts = new Map<ChildProcess, number>();
    const cpuMs = new Map<ChildProcess, number>();
    for (let i = 0; i < processes; i++) {
      const child = fork(fileURLToPath(new URL('./worker.mjs', import.meta.url)), {
        env: {
          ...process.env,
          ...topology.env,
          SIDE: side,
          KIND: kind,
          BULLMQ_PREFIX: prefix,
          WORKER_CONCURRENCY: String(CONCURRENCY),
          DATABASE_URL: database.url,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      child.on('message', (m) => {
        if (typeof m !== 'object' || m === null) return;
        const report = m as { completed: number; cpuMs: number };
        counts.set(child, report.completed);
        cpuMs.set(child, report.cpuMs);
      });
    }
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve, reject) => {
            child.on('message', (m) => m === 'ready' && resolve());
            child.once('exit', (code) => reject(new Error(`scale worker exited with ${code}`)));
          }),
      ),
    );
    for (const child of children) child.send('go');
    const completed = () => [...counts.values()].reduce((a, b) => a + b, 0);
    const workerSeconds = () => [...cpuMs.values()].reduce((a, b) => a + b, 0) / 1000;
    const snapshot = async (): Promise<Snapshot> => ({
      at: performance.now(),
      redis: await redisCpu(topology.redis),
      workers: workerSeconds(),
      postgres: postgresCpu(),
      machine: machineBusySeconds(),
    });
    const reached = async (share: number) => {
      while (completed() < total * share) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await queue.resume();
    await reached(0.1);
    const from = await snapshot();
    await reached(0.9);
    const to = await snapshot();
    await reached(1);
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.send('stop');
          }),
      ),
    );
    const seconds = (to.at - from.at) / 1000;
    const perNode = to.redis.map((after, i) => (after - from.redis[i]!) / seconds);
    return {
      jobsPerSecond: (total * 0.8) / seconds,
      redisCores: perNode.reduce((a, b) => a + b, 0),
      busiestNodeCores: Math.max(...perNode),
      workerCores: (to.workers - from.workers) / seconds,
      postgresCores: postgresSpent(from.postgres, to.postgres) / seconds,
      machineCores: (to.machine - from.machine) / seconds,
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    admin.disconnect();
  }
}

/**
 * Builds the license documents up front. A license's document embeds its asset's text, so the
 * update job checks each asset's licenses and queues a rebuild of those built before the asset's
 * last change — on a fresh index, all of them. Built once, they are current (the runs change no
 * asset), and each update costs what it costs in production: its document and one indexed query.
 */
async function indexLicenses(database: TestDatabase): Promise<void> {
  const rows = await database.db.$queryRaw<{ id: string }[]>`SELECT id FROM licenses ORDER BY id`;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (let i = 0; i < rows.length; i += BULK_SEARCH_MAX_IDS) {
      const ids = rows.slice(i, i + BULK_SEARCH_MAX_IDS).map((row) => row.id);
      const statement = reconcileEntitiesStatement('license', ids);
      await client.query(statement.text, statement.values as unknown[]);
    }
  } finally {
    await client.end();
  }
}

/** used_cpu_sys + used_cpu_user of each node, in seconds (INFO CPU; includes its own threads). */
async function redisCpu(redis: LocalCluster): Promise<number[]> {
  return Promise.all(
    redis.ports.map(async (port) => {
      const client = new Redis({ host: '127.0.0.1', port });
      try {
        const info = await client.info('cpu');
        const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
        return field('used_cpu_sys') + field('used_cpu_user');
      } finally {
        client.disconnect();
      }
    }),
  );
}

/**
 * utime + stime of each postgres process, in seconds, by pid (/proc). Compared pid by pid: a
 * backend that ends between two readings takes its CPU time with it.
 */
function postgresCpu(): Map<string, number> {
  const pids = execFileSync('pgrep', ['-x', 'postgres']).toString().trim().split('\n');
  const seconds = new Map<string, number>();
  for (const pid of pids) {
    try {
      // The fields after the command name (which may hold spaces) start at its closing parenthesis.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond());
    } catch {
      // Gone since pgrep listed it.
    }
  }
  return seconds;
}

function postgresSpent(from: Map<string, number>, to: Map<string, number>): number {
  let spent = 0;
  for (const [pid, seconds] of to) spent += seconds - (from.get(pid) ?? 0);
  return spent;
}

function nodesOf(redis: LocalCluster) {
  return redis.ports.map((port) => ({ host: '127.0.0.1', port }));
}

function printDetail(lines: string[][]): void {
  const header = [
    'job',
    'redis',
    'procs',
    'side',
    'jobs/s',
    'redis',
    'busiest node',
    'workers',
    'postgres',
    'machine',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(
    `\n## scale: where the CPU went (cores busy from 10 % to 90 % of each run; the machine has ${cpus().length})\n`,
  );
  console.log(row(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
}
