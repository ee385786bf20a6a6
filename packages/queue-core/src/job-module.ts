import type { JobContract, Payload, PayloadInput } from '@yg/job-contracts';
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

/** The job a processor of contract `C` receives: its payload already checked against the contract. */
export type ContractJob<C extends JobContract, Result = unknown> = Job<Payload<C>, Result, C['name']>;

/** A processor is a function of the job and its dependencies: no singletons, no module mocks. */
export type Processor<C extends JobContract, Deps, Result = unknown> = (
  job: ContractJob<C, Result>,
  deps: Deps & CoreDeps,
) => Promise<Result>;

export interface ProcessorDefinition<Deps, C extends JobContract = JobContract> {
  readonly contract: C;
  /**
   * Runs one job. Declared as a method so that a module typed by its own contracts still fits in
   * the worker app's list of modules (TypeScript compares method parameters bivariantly).
   */
  process(job: ContractJob<C>, deps: Deps & CoreDeps): Promise<unknown>;
  /**
   * Jobs of this queue run at once per process. `WORKER_CONCURRENCY` and
   * `WORKER_CONCURRENCY_<QUEUE>` override it, unless the queue is `serial`. @defaultValue 1
   */
  readonly concurrency?: number;
  /**
   * One job at a time per process, whatever the overrides say: for jobs that must not overlap
   * themselves (a full reindex walking the catalog, a digest fan-out). @defaultValue false
   */
  readonly serial?: boolean;
  /** BullMQ's rate limiter for the whole queue, across every process (e.g. email). */
  readonly limiter?: RateLimiterOptions;
  /** How long a job may run before its lock must be renewed. @defaultValue `WORKER_LOCK_DURATION_MS` */
  readonly lockDuration?: number;
}

/** A recurring job: a BullMQ job scheduler on the contract's queue, its cron read in UTC. */
export interface ScheduleDefinition<C extends JobContract = JobContract> {
  readonly contract: C;
  /** A cron pattern, evaluated in UTC (`0 3 * * 0`: Sundays at 03:00 UTC). */
  readonly pattern: string;
  /** Checked against the contract when the schedule is registered. */
  readonly payload: PayloadInput<C>;
}

/** Contracts by a name local to a module: the processors' keys, or the schedules' ids. */
export type ContractCatalog = Record<string, JobContract>;

/**
 * One domain's part of the worker: its health group, a processor per contract and its schedules.
 * Both maps are typed by their contracts (a mapped type over the catalog), so a processor sees
 * its own payload type and a schedule's payload is checked against its contract at compile time.
 */
export interface JobModule<
  Deps = unknown,
  Processors extends ContractCatalog = ContractCatalog,
  Schedules extends ContractCatalog = ContractCatalog,
> {
  /** Health group name, as `getAllWorkersHealth()` reports it (`email`, `search`, …). */
  readonly group: string;
  /** How log lines name the module (`[SearchIndex] Worker started`). @defaultValue the group */
  readonly label?: string;
  /** One processor per contract, each contract on a queue of its own. */
  readonly processors: { readonly [K in keyof Processors]: ProcessorDefinition<Deps, Processors[K]> };
  /** Recurring jobs by scheduler id (unique per queue); registered once, whatever the instances. */
  readonly schedules?: { readonly [Id in keyof Schedules]: ScheduleDefinition<Schedules[Id]> };
  /**
   * Type only, never set: makes a module that needs more than the worker app provides a compile
   * error where the app lists it (a parameter type is checked contravariantly).
   */
  readonly requires?: (deps: Deps) => void;
}

/**
 * Declares a module whose processors need `Deps` (besides the core deps). Called twice —
 * `defineJobModule<SearchDeps>()({ … })` — because TypeScript cannot take `Deps` from you and
 * infer the contracts in the same call.
 */
export function defineJobModule<Deps>() {
  return <
    const Processors extends ContractCatalog,
    const Schedules extends ContractCatalog = Record<never, JobContract>,
  >(
    module: JobModule<Deps, Processors, Schedules>,
  ): JobModule<Deps, Processors, Schedules> => {
    const queues = new Set<string>();
    for (const { contract } of processorsOf(module)) {
      if (queues.has(contract.queue)) {
        throw new Error(`Module "${module.group}" has two processors for queue ${contract.queue}`);
      }
      queues.add(contract.queue);
    }
    return module;
  };
}

/** A module's processor definitions, as a list. */
export function processorsOf<Deps>(module: JobModule<Deps>): ProcessorDefinition<Deps>[] {
  return Object.values(module.processors);
}

/** A module's schedules with their ids. */
export function schedulesOf<Deps>(module: JobModule<Deps>): { id: string; schedule: ScheduleDefinition }[] {
  return Object.entries(module.schedules ?? {}).map(([id, schedule]) => ({ id, schedule }));
}
