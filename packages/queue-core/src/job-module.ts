import type { JobContract, Payload } from '@yg/job-contracts';
import type { Job, RateLimiterOptions } from 'bullmq';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { QueueClient } from './queue-client';

/** What every processor receives, whatever its module. */
export interface CoreDeps {
  /** A child logger bound to the job's queue. */
  logger: Logger;
  clock: Clock;
  /** For follow-up jobs (cross-domain work is enqueued through a contract, never imported). */
  queues: QueueClient;
}

/** A processor is a function of the job and its dependencies: no singletons, no module mocks. */
export type Processor<C extends JobContract, Deps, Result = unknown> = (
  job: Job<Payload<C>>,
  deps: Deps & CoreDeps,
) => Promise<Result>;

export interface ProcessorDefinition<Deps, C extends JobContract = JobContract> {
  contract: C;
  process: Processor<C, Deps>;
  /** Jobs of this queue run at once per process (`WORKER_CONCURRENCY` overrides). @defaultValue 1 */
  concurrency?: number;
  /** BullMQ's rate limiter for the whole queue, across every process (e.g. email). */
  limiter?: RateLimiterOptions;
  /** How long a job may run before its lock must be renewed. @defaultValue BullMQ's 30 s */
  lockDuration?: number;
}

export interface ScheduleDefinition<C extends JobContract = JobContract> {
  /** Scheduler id, unique per queue. @defaultValue the contract's job name */
  id?: string;
  contract: C;
  /** A cron pattern, evaluated in UTC. */
  pattern: string;
  payload?: unknown;
}

/**
 * One domain's part of the worker: its health group, its processors and its schedules. The
 * worker app composes modules; adding a domain is adding one module to its list.
 */
export interface JobModule<Deps = unknown> {
  /** Health group name, as `getAllWorkersHealth()` reports it (`email`, `search`, …). */
  readonly group: string;
  /** How log lines name the module (`[SearchIndex] Worker started`). @defaultValue the group */
  readonly label?: string;
  // biome-ignore lint/suspicious/noExplicitAny: each processor has its own contract; `any` lets one list hold them all (processorFor keeps each typed).
  readonly processors: readonly ProcessorDefinition<Deps, any>[];
  readonly schedules?: readonly ScheduleDefinition[];
}

/** Keeps a processor's payload type tied to its contract. */
export function processorFor<Deps, C extends JobContract>(
  definition: ProcessorDefinition<Deps, C>,
): ProcessorDefinition<Deps, C> {
  return definition;
}

export function defineJobModule<Deps>(module: JobModule<Deps>): JobModule<Deps> {
  const seen = new Set<string>();
  for (const { contract } of module.processors) {
    const key = `${contract.queue}/${contract.name}`;
    if (seen.has(key)) throw new Error(`Module "${module.group}" has two processors for ${key}`);
    seen.add(key);
  }
  return module;
}
