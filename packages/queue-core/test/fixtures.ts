import { connectTestRedis, redisTest, TEST_REDIS, uniquePrefix } from '@yg/testing';
import { Cluster, type Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { QueueClient, type QueueConfig, queueConfig } from '../src/index';

/**
 * The test world's Redis half (a prefix per test, its keys deleted after it) with a client from
 * this package's source on it, closed after the test. (`@yg/testing/world` has a client too, but
 * from the build: these tests are about the source.)
 */
export const queueTest = redisTest.extend('client', async ({ prefix }, { onCleanup }) => {
  const client = new QueueClient({ config: queueConfig({ ...TEST_REDIS, prefix }) });
  onCleanup(() => client.close());
  return client;
});

export { deleteKeys, REDIS_URL, TEST_REDIS, TEST_REDIS_ENV, uniquePrefix, until } from '@yg/testing';

const admins: Redis[] = [];
/** A plain connection for assertions (CLIENT LIST, raw keys), closed after the file. */
export function adminRedis(): Redis {
  const redis = connectTestRedis();
  admins.push(redis);
  return redis;
}

export function testClient(
  overrides: Partial<QueueConfig> & { prefix?: string; redisUrl?: string; redisClusterNodes?: string } = {},
) {
  return new QueueClient({
    // A Redis of the test's own (an unreachable one) replaces the tests' Redis, cluster or not.
    config: queueConfig({
      ...(overrides.redisUrl || overrides.redisClusterNodes ? {} : TEST_REDIS),
      prefix: uniquePrefix(),
      ...overrides,
    }),
  });
}

/** Names of the Redis clients that carry a prefix's connection name (of every master, on a cluster). */
export async function clientsOf(redis: Redis | Cluster, prefix: string): Promise<string[]> {
  const servers: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const lists = await Promise.all(servers.map((server) => server.client('LIST') as Promise<string>));
  return lists
    .join('\n')
    .split('\n')
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
    .filter((name) => name.includes(prefix));
}

afterAll(async () => {
  await Promise.all(admins.map((r) => r.quit()));
});
