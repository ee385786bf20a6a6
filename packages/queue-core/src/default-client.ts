import type { JobContract } from '@yg/job-contracts';
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

export function enqueue(
  contract: JobContract,
  payload: unknown,
  opts?: EnqueueOptions,
): Promise<EnqueueResult> {
  return getQueueClient().enqueue(contract, payload, opts);
}

export function enqueueBulk(
  contract: JobContract,
  payloads: readonly unknown[],
  opts?: EnqueueOptions,
): Promise<EnqueueResult[]> {
  return getQueueClient().enqueueBulk(contract, payloads, opts);
}

/**
 * A real BullMQ queue, exported at module level as the seed does (`searchIndexQueue`), that
 * connects only when first used and always talks to the current client.
 */
export function lazyQueue(target: JobContract | string): ContractQueue {
  const resolve = () => getQueueClient().queue(target);
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
