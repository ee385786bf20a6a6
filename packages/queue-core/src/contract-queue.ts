import { randomUUID } from 'node:crypto';
import type { JobContract, Payload, PayloadInput } from '@yg/job-contracts';
import {
  type BulkJobOptions,
  createRedisBackend,
  type Job,
  type JobsOptions,
  Queue,
  type RedisQueueBackend,
} from 'bullmq';
import { isReady, type QueueConnection } from './connection';
import { EnqueueError } from './errors/enqueue-error';
import { RedisUnavailableError } from './errors/redis-unavailable-error';
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
  connection: QueueConnection;
  prefix: string;
  /**
   * Resolves when Redis is ready, rejects in bounded time when it is not. Asked only while the
   * connection's status is not `ready` (see {@link isReady}), and after a write refused because
   * the connection had just dropped.
   */
  ready: (options?: { reconnecting?: boolean }) => Promise<void>;
  /** The Redis errors name, as host:port (`cluster host:port,…` for a cluster). */
  target: string;
}

/** A job as it is added: the payload before the contract's defaults, or after. */
type Added<C extends JobContract> = PayloadInput<C> | Payload<C>;

/** A validated job, ready for BullMQ. */
interface Prepared<C extends JobContract> {
  name: C['name'];
  data: Payload<C>;
  opts: JobsOptions;
}

/**
 * A real BullMQ queue for one contract: `add` and `addBulk` validate the payload, apply the
 * contract's options and deduplication, and fail fast when Redis is down. Typed by the contract,
 * so direct calls (`aggregateDailyMetricsQueue.add('aggregate-daily', …)`) are checked
 * at compile time too.
 */
// BullMQ's generics are spelled out in full: its defaults are conditional types that stay unresolved for a generic C.
export class ContractQueue<C extends JobContract = JobContract> extends Queue<
  Payload<C>,
  unknown,
  C['name'],
  Payload<C>,
  unknown,
  C['name']
> {
  readonly contract: C;
  readonly #connection: QueueConnection;
  readonly #ready: ContractQueueOptions['ready'];
  readonly #target: string;

  constructor(contract: C, options: ContractQueueOptions) {
    super(
      contract.queue,
      {
        connection: options.connection,
        prefix: options.prefix,
        // The events stream is trimmed to about this many entries (BullMQ's default, made explicit).
        streams: { events: { maxLen: 10_000 } },
      },
      (queueName, queueOptions, extra) =>
        boundedBackend(createRedisBackend(queueName, queueOptions, extra), options),
    );
    this.contract = contract;
    this.#connection = options.connection;
    this.#ready = options.ready;
    this.#target = options.target;
  }

  protected override get Job(): typeof Job {
    return QueueJob;
  }

  override async add(
    name: C['name'],
    data: Added<C>,
    opts?: JobsOptions,
  ): Promise<Job<Payload<C>, unknown, C['name']>> {
    this.#checkName(name);
    const payload = this.contract.parse(data) as Payload<C>;
    const options = jobOptionsFor(this.contract, payload, opts);
    return this.#whenConnected(() => super.add(name, payload, options));
  }

  /**
   * Adds one job and tells whether it was added or collapsed into a pending one. A deduplicated
   * add returns the id of the job it joined, so each gets an id of its own to compare with.
   */
  async enqueue(data: PayloadInput<C>, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    const [result] = await this.#addAll([this.#prepare(data, opts)]);
    return result!;
  }

  /** {@link enqueue} for many payloads, in `addBulk` chunks; all are validated before any is added. */
  async enqueueBulk(
    items: readonly PayloadInput<C>[],
    opts: EnqueueOptions = {},
    chunkSize = 1000,
  ): Promise<EnqueueResult[]> {
    const prepared = items.map((data, index) => {
      try {
        return this.#prepare(data, opts);
      } catch (error) {
        if (error instanceof Error) error.message = `payload #${index}: ${error.message}`;
        throw error;
      }
    });
    const results: EnqueueResult[] = [];
    for (let start = 0; start < prepared.length; start += chunkSize) {
      results.push(...(await this.#addAll(prepared.slice(start, start + chunkSize))));
    }
    return results;
  }

  override async addBulk(
    jobs: { name: C['name']; data: Added<C>; opts?: BulkJobOptions }[],
  ): Promise<Job<Payload<C>, unknown, C['name']>[]> {
    const prepared = jobs.map((job) => {
      this.#checkName(job.name);
      const payload = this.contract.parse(job.data) as Payload<C>;
      return { name: job.name, data: payload, opts: jobOptionsFor(this.contract, payload, job.opts) };
    });
    return this.#whenConnected(() => super.addBulk(prepared));
  }

  #prepare(data: unknown, opts: EnqueueOptions): Prepared<C> {
    const payload = this.contract.parse(data) as Payload<C>;
    const options = jobOptionsFor(this.contract, payload, opts);
    // A deduplicated add returns the id of the job it joined: an id of its own tells the two apart.
    if (this.contract.deduplication) options.jobId = randomUUID();
    return { name: this.contract.name as C['name'], data: payload, opts: options };
  }

  async #addAll(prepared: Prepared<C>[]): Promise<EnqueueResult[]> {
    const jobs =
      prepared.length === 1
        ? [
            await this.#whenConnected(() =>
              super.add(prepared[0]!.name, prepared[0]!.data, prepared[0]!.opts),
            ),
          ]
        : await this.#whenConnected(() => super.addBulk(prepared));
    return jobs.map((job, i) => resultOf(job, prepared[i]!.opts.jobId));
  }

  /**
   * BullMQ writes the queue's meta hash once the queue connects, and nothing awaits that write:
   * on a Redis Cluster it was seen to land after an obliterate and leave the hash behind.
   * `getVersion()` waits for it first.
   */
  override async obliterate(opts?: Parameters<Queue['obliterate']>[0]): Promise<void> {
    await this.getVersion();
    await super.obliterate(opts);
  }

  #checkName(name: string): void {
    if (name !== this.contract.name) {
      throw new EnqueueError(
        `Queue ${this.name} has no job named "${name}" (its job: "${this.contract.name}")`,
      );
    }
  }

  /**
   * Runs a write once Redis is ready. A write refused because the connection dropped just
   * before it was sent never reached Redis, so it is safe to try once more after reconnecting.
   */
  async #whenConnected<T>(write: () => Promise<T>): Promise<T> {
    if (!isReady(this.#connection)) await this.#ready();
    try {
      return await write();
    } catch (error) {
      if (isUnsent(error)) {
        await this.#ready({ reconnecting: true });
        return write();
      }
      // Sent, and then the connection went: the add may have happened, so it is not sent again
      // (the producer connection does not resend either) — the caller learns which Redis, and that
      // retrying is its call (safe on a deduplicated contract).
      if (isConnectionLoss(error)) throw new RedisUnavailableError(this.#target, null, error);
      throw error;
    }
  }
}

// ioredis's words for a command refused locally, before anything was written to the socket.
function isUnsent(error: unknown): boolean {
  return error instanceof Error && error.message.includes("Stream isn't writeable");
}

// ioredis's errors for a command whose connection went away after it was sent.
function isConnectionLoss(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'MaxRetriesPerRequestError' ||
      /Connection is closed|ECONNRESET|EPIPE/.test(error.message))
  );
}

/**
 * Every operation of BullMQ's Redis backend (reads such as `getJobCounts` and `getJob`, writes,
 * schedulers) first awaits its context's `client`, which waits for the connection without end
 * while Redis is down. Putting our bounded `ready` in front of that one getter makes each of them
 * reject with RedisUnavailableError after `REDIS_CONNECT_TIMEOUT_MS` instead of hanging.
 */
function boundedBackend(
  backend: RedisQueueBackend,
  { connection, ready }: ContractQueueOptions,
): RedisQueueBackend {
  // `queue` is BullMQ's protected script context (ScriptQueueContext); its `client` is a getter.
  const context = (backend as unknown as { queue: object }).queue;
  const unbounded = Object.getOwnPropertyDescriptor(context, 'client')?.get;
  if (!unbounded) throw new Error('bullmq changed: its Redis backend context has no client getter');
  Object.defineProperty(context, 'client', {
    configurable: true,
    enumerable: true,
    get: () => (isReady(connection) ? unbounded.call(context) : ready().then(() => unbounded.call(context))),
  });
  return backend;
}
