import { databaseOutage } from '@yg/db';
import { allContracts } from '@yg/job-contracts';
import {
  assertCatalogServed,
  ConfigError,
  getQueueClient,
  type JobModule,
  processorsOf,
  Runtime,
  type RuntimeHealth,
  setQueueClient,
} from '@yg/queue-core';
import { createWorkerDeps, type OwnedDeps, type WorkerDeps } from './deps';
import { WorkerMetrics } from './metrics';
import { createModules, notServedYet } from './modules';

export interface InitializeOptions {
  /** Only these queues or health groups (`--queues`). @defaultValue all */
  only?: readonly string[];
}

let running:
  | { runtime: Runtime<WorkerDeps>; owned: OwnedDeps; metrics: WorkerMetrics; started: boolean }
  | undefined;
let starting: Promise<Runtime<WorkerDeps>> | undefined;

/** Starts every module's workers and schedules in this process. Calling it again is a no-op. */
export function initializeAllWorkers(options: InitializeOptions = {}): Promise<Runtime<WorkerDeps>> {
  starting ??= (async () => {
    const modules = createModules();
    assertCatalogServed(modules, allContracts, notServedYet);
    if (options.only) checkServed(modules, options.only);
    const client = getQueueClient();
    client.logger.info({ modules: modules.map((m) => m.group) }, '[Workers] Initializing');
    const owned = createWorkerDeps();
    const runtime = new Runtime({
      modules,
      deps: owned.deps,
      client,
      // A PostgreSQL outage pauses the queues and puts jobs back; it fails none.
      isOutage: databaseOutage,
      ...(options.only ? { only: options.only } : {}),
    });
    // The queues this process serves, read at each scrape: the runtime knows them once started.
    const metrics = new WorkerMetrics(() => runtime.servedQueues.map((c) => client.queue(c)));
    const current = { runtime, owned, metrics, started: false };
    running = current;
    await runtime.start();
    for (const worker of runtime.workers) metrics.observe(worker);
    current.started = true;
    return runtime;
  })();
  return starting;
}

/** A typo in `--queues` would start a worker that serves nothing: refuse it by name. */
function checkServed(modules: readonly JobModule<WorkerDeps>[], only: readonly string[]): void {
  const known = new Set(modules.flatMap((m) => [m.group, ...processorsOf(m).map((p) => p.contract.queue)]));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const list = [...known].sort().join(', ') || 'none yet';
    throw new ConfigError('--queues', `no queue or group named ${unknown.join(', ')} (known: ${list})`);
  }
}

/**
 * Stops taking jobs, lets active ones finish (up to `SHUTDOWN_TIMEOUT_MS`) and closes every
 * connection. Safe to call twice, and before or without initialization.
 */
export async function shutdownAllWorkers(options: { timeoutMs?: number } = {}): Promise<void> {
  await starting?.catch(() => {});
  const current = running;
  running = undefined;
  starting = undefined;
  if (current) {
    await current.runtime.shutdown(options);
    await current.owned.close();
  }
  // Producers used by this process (and the runtime's client) are closed too.
  const client = setQueueClient(undefined);
  await client?.close();
}

/**
 * `healthy` plus one entry per group (email, blog, search, analytics, media, notifications), and
 * the checks of what the workers need: `redis` and `postgres`.
 */
export async function getAllWorkersHealth(): Promise<RuntimeHealth> {
  if (!running) {
    return { healthy: false, redis: { healthy: false, error: 'workers not initialized' } };
  }
  // The HTTP server answers before the workers start; until they have, the process is not ready.
  if (!running.started) return { healthy: false, redis: { healthy: false, error: 'workers starting' } };
  const [health, checks] = await Promise.all([running.runtime.health(), running.owned.check()]);
  for (const [name, check] of Object.entries(checks)) {
    health[name] = check;
    if (!check.healthy) health.healthy = false;
  }
  return health;
}

/** The metrics of the workers of this process, once `initializeAllWorkers` has been called. */
export function currentMetrics(): WorkerMetrics | undefined {
  return running?.metrics;
}
