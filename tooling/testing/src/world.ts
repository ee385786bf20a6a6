// `@yg/testing/world`: the test world of a package that runs jobs — the Redis half (`redisTest`)
// plus a queue client, a migrated database and runtimes, each closed or removed after use, pass or
// fail. A subpath of its own because it imports @yg/queue-core and @yg/db, which queue-core's and
// db's own tests must not load from their builds.
import type { TestDatabase } from '@yg/db/testing';
import { createTestDatabase } from '@yg/db/testing';
import {
  type Clock,
  type JobModule,
  QueueClient,
  type QueueConfig,
  queueConfig,
  Runtime,
  silentLogger,
} from '@yg/queue-core';
import { TEST_REDIS } from './redis';
import { redisTest } from './redis-test';

export interface StartRuntimeOptions {
  /** Queue settings over the test's (a short lock, a stalled interval…); the prefix stays the test's. */
  config?: Partial<Omit<QueueConfig, 'prefix'>>;
  clock?: Clock;
}

/** Starts a `Runtime` over `modules` with `deps` on the test's prefix; shut down after the test. */
export type StartRuntime = <Deps>(
  modules: readonly JobModule<Deps>[],
  deps: Deps,
  options?: StartRuntimeOptions,
) => Promise<Runtime<Deps>>;

export const worldTest = redisTest
  // A database per file: creating and migrating one takes a second, and tests in a file keep to
  // rows of their own.
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('database', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestDatabase> => {
    const database = await createTestDatabase();
    onCleanup(() => database.drop());
    return database;
  })
  .extend('client', async ({ prefix }, { onCleanup }) => {
    const client = new QueueClient({
      config: queueConfig({ ...TEST_REDIS, prefix }),
      logger: silentLogger,
    });
    onCleanup(() => client.close());
    return client;
  })
  .extend('startRuntime', async ({ prefix }, { onCleanup }) => {
    const runtimes: Runtime<never>[] = [];
    onCleanup(async () => {
      await Promise.all(runtimes.map((runtime) => runtime.shutdown({ timeoutMs: 5000 })));
    });
    const start: StartRuntime = async (modules, deps, options = {}) => {
      // A client of the runtime's own: shutting the runtime down closes it, and the test's
      // `client` stays open to look at the queues afterwards.
      const client = new QueueClient({
        config: queueConfig({ ...TEST_REDIS, ...options.config, prefix }),
        logger: silentLogger,
      });
      const runtime = new Runtime({
        modules,
        deps,
        client,
        ...(options.clock ? { clock: options.clock } : {}),
      });
      runtimes.push(runtime as Runtime<never>);
      await runtime.start();
      return runtime;
    };
    return start;
  });
