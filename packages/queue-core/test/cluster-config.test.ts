import { dailyAggregation } from '@yg/job-contracts';
import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  loadQueueConfig,
  parseRedisClusterNodes,
  QueueClient,
  queueConfig,
  RedisUnavailableError,
} from '../src/index';
import { configError } from './config-error';

describe('a Redis Cluster from the environment', () => {
  it('reads REDIS_CLUSTER_NODES as host:port entries or URLs, with the credentials and TLS of REDIS_URL', () => {
    const config = loadQueueConfig({
      REDIS_CLUSTER_NODES: 'rediss://app:s3cret@cache-1.internal:7000, cache-2.internal:7001,[::1]:7002',
      BULLMQ_PREFIX: '{yg}',
    });
    expect(config.redis.clusterNodes).toEqual([
      { host: 'cache-1.internal', port: 7000 },
      { host: 'cache-2.internal', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(config.redis.options).toEqual({ username: 'app', password: 's3cret', tls: {} });
    expect(config.redis.display).toBe('cluster cache-1.internal:7000,cache-2.internal:7001,[::1]:7002');
    expect(config.redis.display).not.toContain('s3cret');
  });

  it('decodes a password stated once, and takes plain host:port lists without credentials', () => {
    expect(parseRedisClusterNodes('redis://:p%40ss@h1:7000,h2:7001').options).toEqual({ password: 'p@ss' });
    expect(parseRedisClusterNodes('h1:7000,h2:7001')).toMatchObject({
      options: {},
      clusterNodes: [
        { host: 'h1', port: 7000 },
        { host: 'h2', port: 7001 },
      ],
    });
  });

  it.each([
    [{ REDIS_CLUSTER_NODES: 'h1:7000', BULLMQ_PREFIX: 'yg' }, 'BULLMQ_PREFIX', /braces.*one slot/],
    // The default prefix is not braced either: the key names would change under a running system.
    [{ REDIS_CLUSTER_NODES: 'h1:7000' }, 'BULLMQ_PREFIX', /braces/],
    [
      { REDIS_CLUSTER_NODES: 'h1:7000', REDIS_URL: 'redis://:hunter2@h1:6379', BULLMQ_PREFIX: '{yg}' },
      'REDIS_CLUSTER_NODES',
      /REDIS_URL are both set/,
    ],
    [{ REDIS_CLUSTER_NODES: ' , ', BULLMQ_PREFIX: '{yg}' }, 'REDIS_CLUSTER_NODES', /names no node/],
    [
      { REDIS_CLUSTER_NODES: 'redis://:hunter2@h1:7000,rediss://h2:7001', BULLMQ_PREFIX: '{yg}' },
      'REDIS_CLUSTER_NODES (node #2)',
      /mixes redis:\/\/ and rediss:\/\//,
    ],
    [
      { REDIS_CLUSTER_NODES: 'redis://:hunter2@h1:7000,redis://:hunter3@h2:7001', BULLMQ_PREFIX: '{yg}' },
      'REDIS_CLUSTER_NODES (node #2)',
      /password that differs/,
    ],
    [
      { REDIS_CLUSTER_NODES: 'redis://:hunter2@h1:7000/2', BULLMQ_PREFIX: '{yg}' },
      'REDIS_CLUSTER_NODES (node #1)',
      /only database 0/,
    ],
    [
      { REDIS_CLUSTER_NODES: 'http://:hunter2@h1:7000', BULLMQ_PREFIX: '{yg}' },
      'REDIS_CLUSTER_NODES (node #1)',
      /redis:\/\/ or rediss:\/\//,
    ],
  ])('refuses %o naming the variable and never the password', (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/hunter[23]/);
  });
});

describe('connections to a Redis Cluster', () => {
  const config = queueConfig({
    redisClusterNodes: 'redis://:hunter2@127.0.0.1:1',
    prefix: '{yg-unreachable}',
  });

  it('are ioredis Clusters whose node connections keep the role settings', async () => {
    const client = new QueueClient({ config });
    const producer = client.producerConnection();
    const worker = client.workerConnection();
    expect(producer).toBeInstanceOf(Cluster);
    expect(producer).not.toBeInstanceOf(Redis);
    // Nothing connects before the first use.
    expect(producer.status).toBe('wait');
    const producerOptions = (producer as Cluster).options;
    expect(producerOptions.enableOfflineQueue).toBe(false);
    expect(producerOptions.redisOptions).toMatchObject({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    expect((worker as Cluster).options.redisOptions).toMatchObject({ maxRetriesPerRequest: null });
    await client.close();
  });

  it('make a producer reject within a bounded time when no node answers, never naming the password', async () => {
    const client = new QueueClient({ config: { ...config, connectTimeoutMs: 500 } });
    const error = await client.enqueue(dailyAggregation, { date: '2025-10-18' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).message).toContain('cluster 127.0.0.1:1');
    expect((error as Error).message).toContain('no connection within 500 ms');
    expect((error as Error).message).not.toContain('hunter2');
    await client.close();
  });
});
