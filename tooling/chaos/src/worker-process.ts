import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './services/free-port';
import { onTeardown } from './services/teardown';

// The built `yg-worker` command, exactly as production runs it.
const CLI = fileURLToPath(new URL('./dist/cli.js', import.meta.resolve('@yg/worker/package.json')));

export interface WorkerSettings {
  redisUrl: string;
  databaseUrl: string;
  smtpUrl: string;
  prefix: string;
  /** More variables, e.g. `SHUTDOWN_TIMEOUT_MS`. */
  env?: Record<string, string>;
}

/** One `yg-worker start --migrate` process. */
export interface WorkerProcess {
  readonly pid: number;
  /** Resolves once `/readyz` answers 200: every worker runs, Redis and PostgreSQL answer. */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends a signal; `SIGKILL` leaves its jobs to the stalled-job check of the next worker. */
  signal(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Still running: neither exited nor killed. */
  alive(): boolean;
  /** Resident memory now, in MiB (`VmRSS`). */
  rssMiB(): Promise<number>;
  output(): string;
}

export async function startWorker(settings: WorkerSettings): Promise<WorkerProcess> {
  const httpPort = await freePort();
  // Spawned here rather than with @yg/testing's runProcess: that package's root loads vitest,
  // which this plain runner does not run under.
  const child = spawn(process.execPath, [CLI, 'start', '--migrate'], {
    env: {
      ...process.env,
      REDIS_URL: settings.redisUrl,
      DATABASE_URL: settings.databaseUrl,
      SMTP_URL: settings.smtpUrl,
      BULLMQ_PREFIX: settings.prefix,
      WORKER_HTTP_PORT: String(httpPort),
      // A killed worker's jobs are free again after 2 s, found within 1 s more.
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_SCHEDULE_CHECK_MS: '1000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...settings.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const run = { child, exited, output: () => out };
  const pid = run.child.pid!;
  const untrack = onTeardown(`yg-worker ${pid}`, async () => {
    run.child.kill('SIGKILL');
    await run.exited;
  });
  void run.exited.then(untrack);
  return {
    pid,
    exited: run.exited,
    output: run.output,
    signal: (signal) => run.child.kill(signal),
    alive: () => run.child.exitCode === null && run.child.signalCode === null,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (run.child.exitCode !== null || run.child.signalCode !== null) {
          throw new Error(`yg-worker exited before it was ready:\n${run.output()}`);
        }
        const status = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) return;
        if (Date.now() > deadline) {
          throw new Error(`yg-worker not ready after ${timeoutMs} ms:\n${run.output()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async rssMiB() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
      return Math.round((kib / 1024) * 10) / 10;
    },
  };
}
