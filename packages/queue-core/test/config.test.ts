import { describe, expect, it } from 'vitest';
import { loadQueueConfig, parseRedisUrl, workerConcurrency } from '../src/index';
import { configError } from './config-error';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadQueueConfig({});
    expect(config.redis.display).toBe('127.0.0.1:6379');
    expect(config.prefix).toBe('yg');
    expect(config.enableWorkers).toBe(true);
    expect(config.workerConcurrency).toBeUndefined();
    expect(config.logFormat).toBe('json');
  });

  it('reads every variable', () => {
    const config = loadQueueConfig({
      REDIS_URL: 'rediss://app:s3cret@cache.internal:6380/2',
      BULLMQ_PREFIX: '{yg}',
      WORKER_CONCURRENCY: '20',
      ENABLE_WORKERS: 'false',
      SHUTDOWN_TIMEOUT_MS: '5000',
      WORKER_LOCK_DURATION_MS: '4000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      LOG_FORMAT: 'pretty',
    });
    expect(config.redis.display).toBe('cache.internal:6380');
    expect(config.redis.options).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 's3cret',
      db: 2,
      tls: { servername: 'cache.internal' },
    });
    expect(config.prefix).toBe('{yg}');
    expect(config.workerConcurrency).toBe(20);
    expect(config.enableWorkers).toBe(false);
    expect(config.shutdownTimeoutMs).toBe(5000);
    expect(config.lockDurationMs).toBe(4000);
    expect(config.stalledIntervalMs).toBe(1000);
    expect(config.logFormat).toBe('pretty');
  });

  it('decodes passwords with reserved characters', () => {
    expect(parseRedisUrl('redis://:p%40ss%3Aw0rd@localhost').options.password).toBe('p@ss:w0rd');
  });

  it.each([
    [{ REDIS_URL: 'http://:hunter2@localhost:6379' }, 'REDIS_URL', /redis:\/\/ or rediss:\/\//],
    [{ REDIS_URL: 'not a url :hunter2' }, 'REDIS_URL', /not a URL/],
    [{ REDIS_URL: 'redis://:hunter2@localhost:6379/zero' }, 'REDIS_URL', /database must be a number/],
    [{ WORKER_CONCURRENCY: 'lots' }, 'WORKER_CONCURRENCY', /whole number/],
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY', /between 1/],
    [{ ENABLE_WORKERS: 'maybe' }, 'ENABLE_WORKERS', /true or false/],
    [{ BULLMQ_PREFIX: 'a:b' }, 'BULLMQ_PREFIX', /braces/],
    [{ WORKER_STALLED_INTERVAL_MS: '-5' }, 'WORKER_STALLED_INTERVAL_MS', /whole number/],
    [{ WORKER_CONCURRENCY_EMAIL_SEND: 'many' }, 'WORKER_CONCURRENCY_EMAIL_SEND', /whole number/],
    [
      { WORKER_CONCURRENCY_SEARCH_INDX: '4' },
      'WORKER_CONCURRENCY_SEARCH_INDX',
      /names no queue.*search-index-realtime/,
    ],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /json|pretty/],
  ])('refuses %o naming the variable and never the password', (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hunter2');
  });

  it('lets one queue override the concurrency, and keeps serial queues serial', () => {
    const config = loadQueueConfig({
      WORKER_CONCURRENCY: '20',
      WORKER_CONCURRENCY_EMAIL_SEND: '8',
      WORKER_CONCURRENCY_SEARCH_REINDEX: '4',
    });
    expect(config.queueConcurrency).toEqual({ 'email-send': 8, 'search-reindex': 4 });
    expect(workerConcurrency(config, 'email-send', { concurrency: 50 })).toBe(8);
    expect(workerConcurrency(config, 'search-index-realtime', { concurrency: 8 })).toBe(20);
    // A serial queue ignores every override: two full reindexes at once would race each other.
    expect(workerConcurrency(config, 'search-reindex', { serial: true })).toBe(1);
    const none = loadQueueConfig({});
    expect(workerConcurrency(none, 'search-index-realtime', { concurrency: 8 })).toBe(8);
    expect(workerConcurrency(none, 'search-index-realtime', {})).toBe(1);
  });
});
