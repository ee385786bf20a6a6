import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A connection for raw BullMQ (worker-style: BullMQ requires maxRetriesPerRequest null to block). */
export function rawConnection(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

export function benchPrefix(side: 'ours' | 'raw'): string {
  return `yg-bench-${side}-${randomUUID().slice(0, 6)}`;
}

export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
