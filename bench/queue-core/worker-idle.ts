// Resident memory of an idle worker process: the built `yg-worker start` (every module) against a
// plain Node process with a raw BullMQ Worker on each of the same queues. Ours is read twice: once
// ready with no job run yet, and once after one blog-publishing job (the publisher runs every
// minute, so a worker carries this within a minute of start) — the first PostgreSQL query through
// Prisma, which loads its query compiler. Then where the difference goes, from fresh processes
// that only import each part.
import { type ChildProcess, execFile, fork, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, type Row } from '@yg/bench-harness';
import { createTestDatabase } from '@yg/db/testing';
import { allContracts } from '@yg/job-contracts';
import { queueBlogPublishing } from '@yg/jobs-blog';
import { QueueClient, queueConfig } from '@yg/queue-core';
import { benchPrefix, dropPrefix, REDIS_URL, rawConnection } from '../redis';

const ROUNDS = 3;
// Long enough for the start-up garbage to be collected (RSS falls by ~30 MiB over it).
const SETTLE_MS = 10_000;
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(dirname(createRequire(import.meta.url).resolve('@yg/worker/package.json')), 'dist/cli.js');
const queues = [...new Set(allContracts.map((c) => c.queue))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/**
 * The RSS an idle process settles at: the lowest reading over `SETTLE_MS`, as V8 gives back the
 * start-up garbage only when a collection happens to shrink the heap.
 */
async function settledRssMiB(pid: number): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  for (const end = Date.now() + SETTLE_MS; Date.now() < end; await sleep(250)) {
    lowest = Math.min(lowest, await rssMiB(pid));
  }
  return lowest;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`worker-idle bench: timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Ours: RSS when ready and idle, and after its first job. */
async function oursOnce(databaseUrl: string, scratch: string): Promise<{ idle: number; afterJob: number }> {
  // The blog publisher runs at every minute: start early in one, so that the idle reading is over
  // before it runs.
  const second = new Date().getUTCSeconds();
  if (second > 35) await sleep((61 - second) * 1000);
  const prefix = benchPrefix('ours');
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [cli, 'start'], {
    env: {
      ...process.env,
      REDIS_URL,
      DATABASE_URL: databaseUrl,
      BULLMQ_PREFIX: prefix,
      WORKER_HTTP_PORT: String(port),
      MAIL_OUTBOX_DIR: join(scratch, 'mail'),
      STORAGE_DIR: join(scratch, 'storage'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const client = new QueueClient({ config: queueConfig({ redisUrl: REDIS_URL, prefix }) });
  try {
    // Ready as an orchestrator sees it: Redis and PostgreSQL answer, every worker runs.
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, '/readyz');
    const idle = await settledRssMiB(child.pid!);
    const { jobId } = await queueBlogPublishing({ client });
    const queue = client.queue('blog-publishing');
    await waitUntil(async () => (await queue.getJobState(jobId!)) === 'completed', 'the blog job');
    const afterJob = await settledRssMiB(child.pid!);
    return { idle, afterJob };
  } finally {
    child.kill('SIGTERM');
    await exited(child);
    await client.close();
    const admin = rawConnection();
    await dropPrefix(admin, prefix);
    admin.disconnect();
  }
}

/** Raw: RSS of a process with a BullMQ Worker per queue, once ready and idle. */
async function rawOnce(): Promise<number> {
  const prefix = benchPrefix('raw');
  const child = fork(join(here, 'raw-idle-worker.mjs'), [prefix, ...queues], {
    execArgv: [],
    env: { ...process.env, REDIS_URL },
  });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  const rss = await settledRssMiB(child.pid!);
  child.send({ stop: true });
  await exited(child);
  const admin = rawConnection();
  await dropPrefix(admin, prefix);
  admin.disconnect();
  return rss;
}

const run = promisify(execFile);

/** RSS (MiB) of a fresh process that imports `specifiers`, resolved from the worker app. */
async function importRss(specifiers: readonly string[]): Promise<number> {
  const script = `for (const s of ${JSON.stringify(specifiers)}) await import(s);
    console.log(process.memoryUsage.rss() / 2 ** 20);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dirname(cli),
  });
  return Number(stdout);
}

export async function workerIdleMemory(): Promise<Row[]> {
  const database = await createTestDatabase({ poolSize: 1 });
  const scratch = await mkdtemp(join(tmpdir(), 'yg-bench-idle-'));
  try {
    const ours: { idle: number; afterJob: number }[] = [];
    const raw: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await oursOnce(database.url, scratch));
      raw.push(await rawOnce());
    }
    if (process.env.BENCH_VERBOSE) console.log({ ours, raw });
    const idle = median(ours.map((o) => o.idle));
    const afterJob = median(ours.map((o) => o.afterJob));
    const rawIdle = median(raw);
    // Where it goes: the code each side loads, imported alone in fresh processes.
    const bare = await importRss(['node:fs']);
    const bullmq = await importRss(['bullmq', 'ioredis']);
    const modules = await importRss([
      'bullmq',
      'ioredis',
      'prom-client',
      '@yg/db',
      '@yg/jobs-notifications/worker',
      '@yg/jobs-search/worker',
      '@yg/jobs-analytics/worker',
      '@yg/jobs-media/worker',
      '@yg/jobs-blog/worker',
    ]);
    const mib = (n: number) => `${Math.round(n)} MiB`;
    return [
      {
        name: `yg-worker start, ready and idle (${queues.length} queues) vs raw BullMQ workers`,
        ours: idle,
        raw: rawIdle,
        unit: 'MiB',
        lowerIsBetter: true,
        note:
          `node itself ${mib(bare)}; BullMQ + ioredis code ${mib(bullmq - bare)} (both sides); ` +
          `our modules' code (zod and the contracts, the Prisma client, nodemailer, pino, prom-client, ` +
          `the processors) ${mib(modules - bullmq)} more; the rest (${mib(idle - rawIdle - (modules - bullmq))}) ` +
          'is our running state: schedules, metrics, HTTP server',
      },
      {
        name: 'yg-worker after its first job (Prisma loaded) vs raw BullMQ workers',
        ours: afterJob,
        raw: rawIdle,
        unit: 'MiB',
        lowerIsBetter: true,
        note: `Prisma's first query (its query compiler) adds ${mib(afterJob - idle)}`,
      },
    ];
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await database.drop();
  }
}
