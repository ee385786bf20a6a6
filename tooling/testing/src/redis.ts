import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What every test prefix starts with; the run's leftover check looks for it. */
export const TEST_PREFIX = 'yg-test-';

declare module 'vitest' {
  interface ProvidedContext {
    /** This run's id, from the root config's global setup (`tooling/vitest/leftovers.ts`). */
    ygTestRun?: string;
  }
}

/**
 * A key prefix of one test's (or test file's) own, so tests running in parallel never meet:
 * `yg-test-<run>-<random>`. The run id lets the end-of-run check find this run's leftovers without
 * mistaking another run's keys, on a Redis that other worktrees share, for them.
 */
export function uniquePrefix(): string {
  return `${TEST_PREFIX}${inject('ygTestRun') ?? 'solo'}-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix` (SCAN, not KEYS: other test files share this Redis). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
