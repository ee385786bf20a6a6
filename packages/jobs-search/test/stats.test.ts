import { QueueClient, queueConfig, RedisUnavailableError } from '@yg/queue-core';
import { uniquePrefix } from '@yg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { getSearchIndexStats } from '../src/index';

// Nothing listens on port 1: Redis is down for as long as the test runs.
const client = new QueueClient({
  config: queueConfig({ redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix(), connectTimeoutMs: 300 }),
});
afterAll(() => client.close());

describe('getSearchIndexStats while Redis is down', () => {
  it('rejects with RedisUnavailableError instead of waiting for Redis', async () => {
    await expect(getSearchIndexStats({ client })).rejects.toBeInstanceOf(RedisUnavailableError);
  });
});
