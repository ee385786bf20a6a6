import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of one test file's own, so files running in parallel never meet. */
export function uniquePrefix(): string {
  return `yg-test-${randomUUID().slice(0, 8)}`;
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
