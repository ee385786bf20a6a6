import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { QueueClient, type QueueConfig, queueConfig } from '../src/index';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of this test file's own, so files running in parallel never meet. */
export function uniquePrefix(): string {
  return `yg-test-${randomUUID().slice(0, 8)}`;
}

const admins: Redis[] = [];
/** A plain connection for assertions (CLIENT LIST, raw keys), closed after the file. */
export function adminRedis(): Redis {
  const redis = new Redis(REDIS_URL, { lazyConnect: false });
  admins.push(redis);
  return redis;
}

export function testClient(overrides: Partial<QueueConfig> & { prefix?: string; redisUrl?: string } = {}) {
  return new QueueClient({
    config: queueConfig({ redisUrl: REDIS_URL, prefix: uniquePrefix(), ...overrides }),
  });
}

/** Names of the Redis clients that carry a prefix's connection name. */
export async function clientsOf(redis: Redis, prefix: string): Promise<string[]> {
  const list = (await redis.client('LIST')) as string;
  return list
    .split('\n')
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
    .filter((name) => name.includes(prefix));
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterAll(async () => {
  await Promise.all(admins.map((r) => r.quit()));
});
