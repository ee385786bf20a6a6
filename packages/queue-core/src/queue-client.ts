import {
  type ContractOfQueue,
  contractOfQueue,
  type JobContract,
  type PayloadInput,
  type QueueName,
} from '@yg/job-contracts';
import type { QueueConfig } from './config';
import { closeConnection, createConnection, type QueueConnection, whenReady } from './connection';
import { ContractQueue, type EnqueueResult } from './contract-queue';
import { EnqueueError } from './errors/enqueue-error';
import type { EnqueueOptions } from './job-options';
import { logSafeError } from './log-safe-error';
import { type Logger, silentLogger } from './logger';

export interface QueueClientOptions {
  config: QueueConfig;
  logger?: Logger;
  /**
   * A Redis connection of the caller's for producing (a web app that already has one). The client
   * uses it and never closes it: whoever opened it closes it. It should not queue commands while
   * offline (`enableOfflineQueue: false`), or an enqueue during an outage waits instead of failing
   * fast. @defaultValue a connection of the client's own, from `config`
   */
  connection?: QueueConnection;
}

/**
 * Owns the Redis connections of one process and the queues on them. Nothing connects until
 * the first queue is used; every queue shares one producer connection.
 */
export class QueueClient {
  readonly config: QueueConfig;
  readonly logger: Logger;
  readonly #queues = new Map<string, ContractQueue>();
  #producer: QueueConnection | undefined;
  /** The producer connection came from the caller: not ours to close. */
  readonly #sharedProducer: boolean;
  #worker: QueueConnection | undefined;
  #closing: Promise<void> | undefined;
  // Errors of our connections, which BullMQ forwards to every queue: logged once, by #connect.
  readonly #connectionErrors = new WeakSet<object>();

  constructor(options: QueueClientOptions) {
    this.config = options.config;
    this.logger = options.logger ?? silentLogger;
    this.#producer = options.connection;
    this.#sharedProducer = options.connection !== undefined;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** The shared producer connection (created on first call, not connected until used). */
  producerConnection(): QueueConnection {
    this.#assertOpen();
    this.#producer ??= this.#connect('producer');
    return this.#producer;
  }

  /** The shared non-blocking connection of this process's workers; each worker adds its own blocking one. */
  workerConnection(): QueueConnection {
    this.#assertOpen();
    this.#worker ??= this.#connect('worker');
    return this.#worker;
  }

  /** Resolves once Redis answers; rejects with RedisUnavailableError after `REDIS_CONNECT_TIMEOUT_MS`. */
  ready(options?: { reconnecting?: boolean }): Promise<void> {
    const { display } = this.config.redis;
    return whenReady(this.producerConnection(), display, this.config.connectTimeoutMs, options);
  }

  /**
   * The queue of a contract, created on first use and shared afterwards. A catalog queue's name
   * stands for its contract (`queue('search-index-realtime')`); one contract per queue.
   */
  queue<C extends JobContract>(contract: C): ContractQueue<C>;
  queue<Q extends string>(name: Q): ContractQueue<Q extends QueueName ? ContractOfQueue<Q> : JobContract>;
  queue(target: JobContract | string): ContractQueue {
    const name = typeof target === 'string' ? target : target.queue;
    const known = this.#queues.get(name);
    if (known) {
      if (typeof target !== 'string' && known.contract !== target) {
        throw new EnqueueError(
          `Queue ${name} already serves job "${known.contract.name}"; job "${target.name}" needs a queue of its own`,
        );
      }
      return known;
    }
    const contract = typeof target === 'string' ? contractOfQueue(name) : target;
    if (!contract) throw new EnqueueError(`No job contract uses queue "${name}"`);
    const connection = this.producerConnection();
    // Start connecting before BullMQ sees the client: BullMQ would call connect() itself and
    // keep a rejected promise forever if Redis happened to be down at that moment.
    if (connection.status === 'wait') connection.connect().catch(() => {});
    const queue = new ContractQueue(contract, {
      connection,
      prefix: this.config.prefix,
      ready: (options) => this.ready(options),
      target: this.config.redis.display,
    });
    queue.on('error', (error) => {
      if (this.#connectionErrors.has(error)) return;
      this.logger.warn({ err: logSafeError(error), queue: name }, 'queue error');
    });
    this.#queues.set(name, queue);
    return queue;
  }

  /** Validates a payload against its contract and adds the job (or joins a pending one). */
  enqueue<C extends JobContract>(
    contract: C,
    payload: PayloadInput<C>,
    opts?: EnqueueOptions,
  ): Promise<EnqueueResult> {
    return this.queue(contract).enqueue(payload, opts);
  }

  /** Validates every payload first, then adds them with `addBulk` in chunks. */
  enqueueBulk<C extends JobContract>(
    contract: C,
    payloads: readonly PayloadInput<C>[],
    opts?: EnqueueOptions,
  ): Promise<EnqueueResult[]> {
    return this.queue(contract).enqueueBulk(payloads, opts);
  }

  /** Closes every queue and connection this client opened. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#queues.values()].map((q) => q.close()));
      this.#queues.clear();
      const owned = this.#sharedProducer ? [this.#worker] : [this.#producer, this.#worker];
      await Promise.all(owned.map((c) => (c ? closeConnection(c) : undefined)));
    })();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new EnqueueError('This QueueClient is closed');
  }

  #connect(role: 'producer' | 'worker'): QueueConnection {
    const connection = createConnection(this.config, role);
    let lastLogged = 0;
    connection.on('error', (error: Error) => {
      this.#connectionErrors.add(error);
      // ioredis emits on every reconnect attempt; one line every 10 s is enough to see the outage.
      const now = Date.now();
      if (now - lastLogged < 10_000) return;
      lastLogged = now;
      this.logger.warn({ role, redis: this.config.redis.display, err: logSafeError(error) }, 'redis error');
    });
    return connection;
  }
}
