import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Set when the tests run against a Redis Cluster (the `cluster` project of `tooling/cluster`
 * starts one and sets it): `host:port,host:port,…`. Unset, they run against `REDIS_URL`.
 */
export const REDIS_CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES || undefined;

/** Where the tests' Redis is, as `queueConfig` takes it: `queueConfig({ ...TEST_REDIS, prefix })`. */
export const TEST_REDIS: { redisUrl: string } | { redisClusterNodes: string } = REDIS_CLUSTER_NODES
  ? { redisClusterNodes: REDIS_CLUSTER_NODES }
  : { redisUrl: REDIS_URL };

/** The same, as a child process's environment: `runProcess(script, { env: { ...TEST_REDIS_ENV } })`. */
export const TEST_REDIS_ENV: Record<string, string> = REDIS_CLUSTER_NODES
  ? { REDIS_CLUSTER_NODES, REDIS_URL: '' }
  : { REDIS_URL };

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
 * mistaking another run's keys, on a Redis that other worktrees share, for them. On a cluster it
 * is in braces (`{yg-test-…}`), as queue-core requires there.
 */
export function uniquePrefix(): string {
  const prefix = `${TEST_PREFIX}${inject('ygTestRun') ?? 'solo'}-${randomUUID().slice(0, 8)}`;
  return REDIS_CLUSTER_NODES ? `{${prefix}}` : prefix;
}

/** A plain connection to the tests' Redis (a `Cluster` on a cluster) for assertions and cleanup. */
export function connectTestRedis(): Redis {
  if (!REDIS_CLUSTER_NODES) return new Redis(REDIS_URL);
  const nodes = REDIS_CLUSTER_NODES.split(',').map((node) => {
    const [host, port] = node.split(':');
    return { host: host!, port: Number(port) };
  });
  // Typed as a Redis: the keyed commands the tests use are routed by the cluster alike, and a
  // braced prefix keeps each test's keys on one node.
  return new Cluster(nodes) as unknown as Redis;
}

/** Deletes every key under `prefix` (SCAN, not KEYS: other test files share this Redis). */
export async function deleteKeys(redis: Redis | Cluster, prefix: string): Promise<void> {
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      // One DEL per key on a cluster: a DEL of several keys must keep to one slot.
      if (keys.length && redis instanceof Cluster) await Promise.all(keys.map((key) => redis.del(key)));
      else if (keys.length) await server.del(...keys);
    } while (cursor !== '0');
  }
}
