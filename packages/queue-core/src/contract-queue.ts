import { randomUUID } from 'node:crypto';
import type { JobContract } from '@yg/job-contracts';
import {
  type BulkJobOptions,
  createRedisBackend,
  type Job,
  type JobsOptions,
  Queue,
  type RedisQueueBackend,
} from 'bullmq';
import type { Redis } from 'ioredis';
import { EnqueueError } from './errors/enqueue-error';
import { type EnqueueOptions, jobOptionsFor } from './job-options';
import { QueueJob } from './queue-job';

export interface EnqueueResult {
  /** The job that will carry the payload: the new one, or the pending one it was merged into. */
  jobId: string;
  /**
   * `deduplicated`: a job for the same entity was waiting (the payloads collapsed) or running
   * (the newest payload runs after it, for contracts with `keepLastIfActive`).
   */
  status: 'added' | 'deduplicated';
}

function resultOf(job: Job, requestedId: string | undefined): EnqueueResult {
  const jobId = String(job.id);
  return { jobId, status: requestedId === undefined || jobId === requestedId ? 'added' : 'deduplicated' };
}

export interface ContractQueueOptions {
  connection: Redis;
  prefix: string;
  /** Resolves when Redis is ready, rejects in bounded time when it is not. */
  ready: (options?: { reconnecting?: boolean }) => Promise<void>;
}

/**
 * A real BullMQ queue that knows its contracts: `add` and `addBulk` validate the payload,
 * apply the contract's options and deduplication, and fail fast when Redis is down. The seed's
 * direct calls (`aggregateDailyMetricsQueue.add('aggregate-daily', …)`) go through here too.
 */
export class ContractQueue extends Queue {
  readonly #contracts: Map<string, JobContract>;
  readonly #ready: ContractQueueOptions['ready'];

  constructor(name: string, contracts: readonly JobContract[], options: ContractQueueOptions) {
    super(
      name,
      {
        connection: options.connection,
        prefix: options.prefix,
        // The events stream is trimmed to about this many entries (BullMQ's default, made explicit).
        streams: { events: { maxLen: 10_000 } },
      },
      (queueName, queueOptions, extra) =>
        boundedBackend(createRedisBackend(queueName, queueOptions, extra), options.ready),
    );
    this.#contracts = new Map(contracts.map((c) => [c.name, c]));
    this.#ready = options.ready;
  }

  /** The contracts this queue serves, by job name. */
  get contracts(): ReadonlyMap<string, JobContract> {
    return this.#contracts;
  }

  protected override get Job(): typeof Job {
    return QueueJob;
  }

  /** Registers another contract served by this queue. */
  addContract(contract: JobContract): void {
    const known = this.#contracts.get(contract.name);
    if (known && known !== contract) {
      throw new EnqueueError(
        `Queue ${this.name} already has a different contract for job "${contract.name}"`,
      );
    }
    this.#contracts.set(contract.name, contract);
  }

  contractFor(jobName: string): JobContract {
    const contract = this.#contracts.get(jobName);
    if (!contract) {
      const known = [...this.#contracts.keys()].map((n) => `"${n}"`).join(', ');
      throw new EnqueueError(`Queue ${this.name} has no job named "${jobName}" (known: ${known})`);
    }
    return contract;
  }

  override async add(name: string, data: unknown, opts?: JobsOptions): Promise<Job> {
    const contract = this.contractFor(name);
    const payload = contract.parse(data);
    const options = jobOptionsFor(contract, payload, opts);
    return this.#whenConnected(() => super.add(name, payload, options));
  }

  /**
   * Adds one job and tells whether it was added or collapsed into a pending one. A deduplicated
   * add returns the id of the job it joined, so each gets an id of its own to compare with.
   */
  async enqueue(contract: JobContract, data: unknown, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.addContract(contract);
    const payload = contract.parse(data);
    const options = jobOptionsFor(contract, payload, opts);
    if (contract.deduplication) options.jobId = randomUUID();
    const job = await this.#whenConnected(() => super.add(contract.name, payload, options));
    return resultOf(job, options.jobId);
  }

  /** {@link enqueue} for many payloads of one contract, in `addBulk` chunks; all are validated first. */
  async enqueueBulk(
    contract: JobContract,
    items: readonly unknown[],
    opts: EnqueueOptions = {},
    chunkSize = 1000,
  ): Promise<EnqueueResult[]> {
    this.addContract(contract);
    const prepared = items.map((data, index) => {
      try {
        const payload = contract.parse(data);
        const options = jobOptionsFor(contract, payload, opts);
        if (contract.deduplication) options.jobId = randomUUID();
        return { name: contract.name, data: payload, opts: options };
      } catch (error) {
        if (error instanceof Error) error.message = `payload #${index}: ${error.message}`;
        throw error;
      }
    });
    const results: EnqueueResult[] = [];
    for (let start = 0; start < prepared.length; start += chunkSize) {
      const chunk = prepared.slice(start, start + chunkSize);
      const jobs = await this.#whenConnected(() => super.addBulk(chunk));
      jobs.forEach((job, i) => {
        results.push(resultOf(job, chunk[i]!.opts.jobId));
      });
    }
    return results;
  }

  override async addBulk(jobs: { name: string; data: unknown; opts?: BulkJobOptions }[]): Promise<Job[]> {
    const prepared = jobs.map((job) => {
      const contract = this.contractFor(job.name);
      const payload = contract.parse(job.data);
      return { name: job.name, data: payload, opts: jobOptionsFor(contract, payload, job.opts) };
    });
    return this.#whenConnected(() => super.addBulk(prepared));
  }

  /**
   * Runs a write once Redis is ready. A write refused because the connection dropped just
   * before it was sent never reached Redis, so it is safe to try once more after reconnecting.
   */
  async #whenConnected<T>(write: () => Promise<T>): Promise<T> {
    await this.#ready();
    try {
      return await write();
    } catch (error) {
      if (!isUnsent(error)) throw error;
      await this.#ready({ reconnecting: true });
      return write();
    }
  }
}

// ioredis's words for a command refused locally, before anything was written to the socket.
function isUnsent(error: unknown): boolean {
  return error instanceof Error && error.message.includes("Stream isn't writeable");
}

/**
 * Every operation of BullMQ's Redis backend (reads such as `getJobCounts` and `getJob`, writes,
 * schedulers) first awaits its context's `client`, which waits for the connection without end
 * while Redis is down. Putting our bounded `ready` in front of that one getter makes each of them
 * reject with RedisUnavailableError after `REDIS_CONNECT_TIMEOUT_MS` instead of hanging.
 */
function boundedBackend(backend: RedisQueueBackend, ready: ContractQueueOptions['ready']): RedisQueueBackend {
  // `queue` is BullMQ's protected script context (ScriptQueueContext); its `client` is a getter.
  const context = (backend as unknown as { queue: object }).queue;
  const unbounded = Object.getOwnPropertyDescriptor(context, 'client')?.get;
  if (!unbounded) throw new Error('bullmq changed: its Redis backend context has no client getter');
  Object.defineProperty(context, 'client', {
    configurable: true,
    enumerable: true,
    get: () => ready().then(() => unbounded.call(context)),
  });
  return backend;
}
