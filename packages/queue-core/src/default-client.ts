import type { ContractOfQueue, JobContract, PayloadInput, QueueName } from '@yg/job-contracts';
import { loadQueueConfig } from './config';
import { ContractQueue, type EnqueueResult } from './contract-queue';
import type { EnqueueOptions } from './job-options';
import { createLogger } from './logger';
import { QueueClient } from './queue-client';

let current: QueueClient | undefined;

/**
 * The process's client, created from the environment on first use (never at import time, so
 * importing a producer in a web app opens nothing and starts no timer).
 */
export function getQueueClient(): QueueClient {
  if (!current || current.closed) {
    const config = loadQueueConfig();
    current = new QueueClient({
      config,
      logger: createLogger({ level: config.logLevel, format: config.logFormat }),
    });
  }
  return current;
}

/** Replaces the process's client (tests, apps with their own config). Returns the previous one. */
export function setQueueClient(client: QueueClient | undefined): QueueClient | undefined {
  const previous = current;
  current = client;
  return previous;
}

/** Closes the process's client, if one was ever created. */
export async function closeQueueClient(): Promise<void> {
  const client = current;
  current = undefined;
  await client?.close();
}

/** Validates a payload against its contract and adds the job with the process's client. */
export function enqueue<C extends JobContract>(
  contract: C,
  payload: PayloadInput<C>,
  opts?: EnqueueOptions,
): Promise<EnqueueResult> {
  return getQueueClient().enqueue(contract, payload, opts);
}

/** {@link enqueue} for many payloads of one contract, all validated before any is added. */
export function enqueueBulk<C extends JobContract>(
  contract: C,
  payloads: readonly PayloadInput<C>[],
  opts?: EnqueueOptions,
): Promise<EnqueueResult[]> {
  return getQueueClient().enqueueBulk(contract, payloads, opts);
}

/**
 * A real BullMQ queue, exported at module level (`searchIndexQueue`), that
 * connects only when first used and always talks to the current client.
 */
export function lazyQueue<C extends JobContract>(contract: C): ContractQueue<C>;
export function lazyQueue<Q extends QueueName>(name: Q): ContractQueue<ContractOfQueue<Q>>;
export function lazyQueue(target: JobContract | string): ContractQueue {
  const resolve = () => getQueueClient().queue(target as JobContract);
  return new Proxy(Object.create(null) as ContractQueue, {
    get(_target, property) {
      const queue = resolve();
      const value = Reflect.get(queue, property, queue);
      return typeof value === 'function' ? value.bind(queue) : value;
    },
    set(_target, property, value) {
      return Reflect.set(resolve(), property, value);
    },
    has(_target, property) {
      return Reflect.has(resolve(), property);
    },
    // `instanceof Queue` holds without connecting.
    getPrototypeOf() {
      return ContractQueue.prototype;
    },
  });
}
