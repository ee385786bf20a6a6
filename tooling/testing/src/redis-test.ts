import type { Redis } from 'ioredis';
import { test } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from './redis';

/**
 * The `redis` fixture's type, named here: a test package that exports a fixture built on
 * `redisTest` can then name it in its declarations (through ioredis alone it could not, TS2742).
 */
export interface AdminRedis extends Redis {}

/**
 * The Redis half of the test world, for packages below @yg/queue-core's users (queue-core's own
 * tests build their client from its source on top of it):
 * - `redis`: a plain connection for assertions and cleanup, one per file;
 * - `prefix`: a BullMQ prefix of the test's own, every key under it deleted after the test, pass
 *   or fail, so that no test sees another's jobs and none leaves keys behind.
 */
export const redisTest = test
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('redis', { scope: 'file' }, async ({}, { onCleanup }): Promise<AdminRedis> => {
    const redis = connectTestRedis();
    onCleanup(async () => {
      await redis.quit();
    });
    return redis;
  })
  // Fixtures that use the prefix (clients, workers) are set up after it and so torn down before
  // it: nothing writes under the prefix once its keys are deleted.
  .extend('prefix', async ({ redis }, { onCleanup }) => {
    const prefix = uniquePrefix();
    onCleanup(() => deleteKeys(redis, prefix));
    return prefix;
  });
