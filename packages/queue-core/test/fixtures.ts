import { REDIS_URL, redisTest, uniquePrefix } from '@yg/testing';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { QueueClient, type QueueConfig, queueConfig } from '../src/index';

/**
 * The test world's Redis half (a prefix per test, its keys deleted after it) with a client from
 * this package's source on it, closed after the test. (`@yg/testing/world` has a client too, but
 * from the build: these tests are about the source.)
 */
export const queueTest = redisTest.extend('client', async ({ prefix }, { onCleanup }) => {
  const client = new QueueClient({ config: queueConfig({ redisUrl: REDIS_URL, prefix }) });
  onCleanup(() => client.close());
  return client;
});

export { deleteKeys, REDIS_URL, uniquePrefix, until } from '@yg/testing';

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

afterAll(async () => {
  await Promise.all(admins.map((r) => r.quit()));
});
