import type { z } from 'zod';
import { ContractValidationError } from './errors/contract-validation-error';
import { builtSchema } from './lazy-schema';

/**
 * How long finished jobs stay in Redis. Structurally the same as BullMQ's `KeepJobs`,
 * so contracts stay free of any BullMQ dependency.
 */
export interface Retention {
  /** Seconds a finished job is kept. */
  age: number;
  /** How many finished jobs are kept at most. */
  count: number;
}

/** Default BullMQ job options a contract carries; structurally compatible with BullMQ's `JobsOptions`. */
export interface ContractJobOptions {
  /** Total tries, the first included. */
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete: Retention;
  removeOnFail: Retention;
}

export interface ContractDeduplication<Payload> {
  /**
   * The entity a job acts on. Jobs with the same id collapse while one is waiting.
   * (BullMQ's deduplication, not a custom `jobId`: a custom id is silently ignored while a
   * retained completed job with that id exists, which would drop later updates.)
   */
  // A method, not a property: a contract typed by its own payload must still be a `JobContract`
  // (TypeScript compares method parameters bivariantly).
  id(payload: Payload): string;
  /**
   * When a job for the same id is already running, keep the newest payload and run it once
   * the active job finishes. Required for jobs that read current state, so that a change
   * made while the previous run was reading is not lost.
   */
  keepLastIfActive: boolean;
}

export interface JobContract<
  Queue extends string = string,
  Name extends string = string,
  Schema extends z.ZodType = z.ZodType,
> {
  readonly queue: Queue;
  readonly name: Name;
  readonly schema: Schema;
  readonly defaultJobOptions: ContractJobOptions;
  readonly deduplication?: ContractDeduplication<z.output<Schema>>;
  /** See {@link ContractDefinition.quickParse}; `parse` tries it first. */
  readonly quickParse?: (payload: unknown) => z.output<Schema> | undefined;
  /** Validates a payload; throws {@link ContractValidationError} naming every bad field. */
  parse(payload: unknown): z.output<Schema>;
}

/** The payload type a contract accepts (before defaults are applied). */
export type PayloadInput<C extends JobContract> = z.input<C['schema']>;
/** The payload type a processor receives (after defaults are applied). */
export type Payload<C extends JobContract> = z.output<C['schema']>;

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Retention unless a contract says otherwise: a day of completed jobs and a week of failed
 * ones, each capped by count, so Redis memory stays bounded under any load.
 */
export const DEFAULT_JOB_OPTIONS: ContractJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: DAY, count: 1000 },
  removeOnFail: { age: 7 * DAY, count: 10_000 },
};

// BullMQ rejects ':' in queue names (it separates key parts).
const QUEUE_NAME = /^[a-z][a-z0-9-]*$/;

export interface ContractDefinition<Queue extends string, Name extends string, Schema extends z.ZodType> {
  queue: Queue;
  name: Name;
  schema: Schema;
  defaultJobOptions?: Partial<ContractJobOptions>;
  deduplication?: ContractDeduplication<z.output<Schema>>;
  /**
   * The payload's usual shape checked by hand, for a contract whose payloads are large (a bulk
   * job's hundreds of ids): the payload as the schema would return it when it certainly passes,
   * `undefined` for anything else, which the schema then checks and reports. It must never accept
   * what the schema refuses. zod walks a schema generically, element by element, and once a process
   * has used many schemas that walk costs about 0.5 µs an id (5 ms for 10,000 ids, more than
   * Redis takes to add their jobs); a plain loop costs a thirtieth of it.
   */
  quickParse?: (payload: unknown) => z.output<Schema> | undefined;
}

export function defineContract<Queue extends string, Name extends string, Schema extends z.ZodType>(
  definition: ContractDefinition<Queue, Name, Schema>,
): JobContract<Queue, Name, Schema> {
  const { queue, name, schema, quickParse } = definition;
  if (!QUEUE_NAME.test(queue)) {
    throw new Error(`Queue name "${queue}" must be lowercase letters, digits and dashes`);
  }
  if (name.length === 0) throw new Error(`Contract for queue "${queue}" needs a job name`);
  const defaultJobOptions = { ...DEFAULT_JOB_OPTIONS, ...definition.defaultJobOptions };
  if (!Number.isInteger(defaultJobOptions.attempts) || defaultJobOptions.attempts < 1) {
    throw new Error(`Contract "${queue}/${name}": attempts must be a positive integer`);
  }
  // `schema` may be lazy (built on first use): `parse` runs on every enqueue and every job, so it
  // validates with the built schema itself.
  let validator: Schema | undefined;
  return Object.freeze({
    queue,
    name,
    schema,
    defaultJobOptions,
    ...(definition.deduplication ? { deduplication: definition.deduplication } : {}),
    ...(quickParse ? { quickParse } : {}),
    parse(payload: unknown) {
      const quick = quickParse?.(payload);
      if (quick !== undefined) return quick;
      validator ??= builtSchema(schema);
      const result = validator.safeParse(payload);
      if (!result.success) throw new ContractValidationError(`${queue}/${name}`, result.error);
      return result.data;
    },
  });
}
