import { setTimeout as delay } from 'node:timers/promises';
import type { JobContract } from '@yg/job-contracts';
import type { Worker } from 'bullmq';
import { type Clock, systemClock } from './clock';
import {
  type CoreDeps,
  type JobModule,
  type ProcessorDefinition,
  processorsOf,
  schedulesOf,
} from './job-module';
import { redactCredentials } from './log-safe-error';
import type { Logger } from './logger';
import type { OutageClassifier } from './outage';
import type { QueueClient } from './queue-client';
import { type NamedSchedule, restoreSchedules, syncSchedules } from './schedules';
import { createWorkerIfNotServerless } from './worker';

/** How long a forced shutdown waits for each worker's connections to report closed. */
const FORCED_DISCONNECT_MS = 2000;

export interface RuntimeOptions<Deps> {
  modules: readonly JobModule<Deps>[];
  /** Domain dependencies (db, mailer, storage, …) handed to every processor. */
  deps: Deps;
  client: QueueClient;
  clock?: Clock;
  /**
   * Recognises errors that mean a dependency is down (PostgreSQL, SMTP): their jobs wait for it
   * instead of spending attempts. See `createWorkerIfNotServerless`'s `isOutage`.
   */
  isOutage?: OutageClassifier;
  /** Only run workers for these queues or health groups (`--queues`); schedules stay whole. */
  only?: readonly string[];
}

export interface WorkerHealth {
  queue: string;
  running: boolean;
  concurrency: number;
}

export interface GroupHealth {
  healthy: boolean;
  workers: WorkerHealth[];
}

export type RuntimeHealth = {
  healthy: boolean;
  redis: { healthy: boolean; latencyMs?: number; error?: string };
} & { [group: string]: GroupHealth | boolean | RuntimeHealth['redis'] };

export interface ShutdownOptions {
  /** How long active jobs may take to finish. @defaultValue `SHUTDOWN_TIMEOUT_MS` */
  timeoutMs?: number;
}

/**
 * The worker side of a set of modules: starts one worker per queue, keeps the job schedulers
 * in line with what the modules declare, reports health and shuts down gracefully.
 */
export class Runtime<Deps = unknown> {
  readonly #options: RuntimeOptions<Deps>;
  readonly #workers: { group: string; worker: Worker; contract: JobContract }[] = [];
  readonly #logger: Logger;
  #started: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #scheduleWatch: NodeJS.Timeout | undefined;

  constructor(options: RuntimeOptions<Deps>) {
    const groups = options.modules.map((m) => m.group);
    const duplicate = groups.find((g, i) => groups.indexOf(g) !== i);
    if (duplicate) throw new Error(`Two job modules share the health group "${duplicate}"`);
    // A queue has one worker, so one processor: two would silently share one concurrency,
    // limiter and lock duration.
    const served = new Map<string, string>();
    for (const module of options.modules) {
      for (const { contract } of processorsOf(module)) {
        const other = served.get(contract.queue);
        if (other) {
          throw new Error(
            `Queue ${contract.queue} has processors in modules "${other}" and "${module.group}"`,
          );
        }
        served.set(contract.queue, module.group);
      }
    }
    this.#options = options;
    this.#logger = options.client.logger;
  }

  get workers(): readonly Worker[] {
    return this.#workers.map((w) => w.worker);
  }

  /** The queues this process serves (for metrics and dashboards), one contract each. */
  get servedQueues(): readonly JobContract[] {
    return this.#workers.map((w) => w.contract);
  }

  get client(): QueueClient {
    return this.#options.client;
  }

  /** Starts workers and registers schedules. Calling it again returns the first start. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const { client, modules, only } = this.#options;
    if (!client.config.enableWorkers) {
      this.#logger.info('ENABLE_WORKERS=false: no workers and no schedules in this process');
      return;
    }
    await client.ready();
    for (const module of modules) {
      for (const definition of processorsOf(module)) {
        const { queue } = definition.contract;
        if (only && !only.includes(queue) && !only.includes(module.group)) continue;
        const worker = this.#startWorker(definition);
        if (!worker) continue;
        this.#workers.push({ group: module.group, worker, contract: definition.contract });
        this.#logger.info(
          { queue, concurrency: worker.concurrency },
          `[${module.label ?? module.group}] Worker started`,
        );
      }
    }
    const schedules = modules.flatMap((m) => schedulesOf(m));
    const owned = modules.flatMap((m) => processorsOf(m).map((p) => p.contract));
    await syncSchedules(client, schedules, owned, this.#logger);
    this.#watchSchedules(schedules);
    this.#logger.info(
      { workers: this.#workers.length, modules: modules.map((m) => m.group) },
      'workers started',
    );
  }

  /**
   * Redis may lose its data (a restart without persistence) or a queue may be obliterated: the
   * declared schedules are checked while the worker runs, not only at start, and put back.
   */
  #watchSchedules(schedules: readonly NamedSchedule[]): void {
    const everyMs = this.#options.client.config.scheduleCheckIntervalMs;
    if (schedules.length === 0 || everyMs === 0) return;
    let checking = false;
    this.#scheduleWatch = setInterval(() => {
      if (checking || this.#stopping) return;
      checking = true;
      restoreSchedules(this.#options.client, schedules, this.#logger)
        .catch((error: unknown) =>
          this.#logger.debug({ err: error }, 'schedule check failed; next one retries'),
        )
        .finally(() => {
          checking = false;
        });
    }, everyMs);
    this.#scheduleWatch.unref();
  }

  #startWorker(definition: ProcessorDefinition<Deps>): Worker | undefined {
    const { client, deps } = this.#options;
    const { contract, concurrency, serial, limiter, lockDuration } = definition;
    const core: CoreDeps = {
      logger: client.logger.child({ queue: contract.queue }),
      clock: this.#options.clock ?? systemClock,
      queues: client,
    };
    const allDeps = { ...deps, ...core };
    return createWorkerIfNotServerless(contract, (job) => definition.process(job, allDeps), {
      client,
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(serial ? { serial } : {}),
      ...(limiter ? { limiter } : {}),
      ...(lockDuration ? { lockDuration } : {}),
      ...(this.#options.isOutage ? { isOutage: this.#options.isOutage } : {}),
    });
  }

  /**
   * Stops taking jobs, lets active ones finish up to `timeoutMs`, then closes every queue and
   * connection. A job still running at the deadline is left to BullMQ's stalled-job check,
   * which hands it to another worker: at-least-once, never lost. Safe to call twice.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.#stopping ??= this.#shutdown(options.timeoutMs ?? this.#options.client.config.shutdownTimeoutMs);
    return this.#stopping;
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    const { client } = this.#options;
    await this.#started?.catch(() => {});
    clearInterval(this.#scheduleWatch);
    const closing = Promise.allSettled(this.#workers.map(({ worker }) => worker.close()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([closing.then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.#logger.warn({ timeoutMs }, 'jobs still active at the shutdown deadline; they will be retried');
      // Closing the connections under them aborts the wait; their locks lapse and the jobs stall.
      // Bounded: BullMQ awaits an 'end' that an ioredis Cluster whose nodes are already gone
      // never emits (its blocking connection, dropped by the close under way, stays
      // 'disconnecting'); client.close() below drops what is left either way.
      for (const { worker } of this.#workers) {
        await Promise.race([worker.disconnect().catch(() => {}), delay(FORCED_DISCONNECT_MS)]);
      }
    }
    await client.close();
    this.#logger.info({ outcome }, 'workers stopped');
  }

  /** Health: `healthy`, the Redis check, and one entry per group. */
  async health(): Promise<RuntimeHealth> {
    const { client, modules } = this.#options;
    const redis = await pingRedis(client);
    const result: RuntimeHealth = { healthy: redis.healthy, redis };
    for (const module of modules) {
      const workers = this.#workers
        .filter((w) => w.group === module.group)
        .map(({ worker }) => ({
          queue: worker.name,
          running: worker.isRunning(),
          concurrency: worker.concurrency,
        }));
      const stopping = this.#stopping !== undefined;
      const healthy = redis.healthy && !stopping && workers.every((w) => w.running);
      result[module.group] = { healthy, workers };
      if (!healthy) result.healthy = false;
    }
    return result;
  }
}

async function pingRedis(client: QueueClient): Promise<RuntimeHealth['redis']> {
  if (client.closed) return { healthy: false, error: 'closed' };
  const started = performance.now();
  try {
    await client.ready();
    await client.producerConnection().ping();
    return { healthy: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    // /health is often public: the message without any URL's credentials.
    return { healthy: false, error: redactCredentials((error as Error).message) };
  }
}
