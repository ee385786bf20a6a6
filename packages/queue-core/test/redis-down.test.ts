import { defineContract } from '@yg/job-contracts';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getQueueCounts, QueueClient, queueConfig, RedisUnavailableError } from '../src/index';
import { testClient, uniquePrefix, until } from './fixtures';
import { type RunningProcess, runProcess } from './process';

// Nothing listens on port 1: every connection attempt is refused, for as long as the test runs.
const CLOSED = 'redis://127.0.0.1:1';
const contract = defineContract({ queue: 'test-redis-down', name: 'noop', schema: z.strictObject({}) });
const client = testClient({ redisUrl: CLOSED, connectTimeoutMs: 300 });

let child: RunningProcess | undefined;

afterAll(async () => {
  await client.close();
  // Only when the test failed: a process that did not exit by itself.
  if (child && child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
});

describe('monitoring calls while Redis is down', () => {
  // Each of these waited forever for the connection before ContractQueue bounded the wait.
  const calls = {
    getJobCounts: () => client.queue(contract).getJobCounts(),
    getJob: () => client.queue(contract).getJob('1'),
    getJobs: () => client.queue(contract).getJobs(['waiting']),
    getQueueCounts: () => getQueueCounts(client.queue(contract)),
    count: () => client.queue(contract).count(),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(`${name} rejects with RedisUnavailableError`, async () => {
      await expect(call()).rejects.toBeInstanceOf(RedisUnavailableError);
    });
  }

  it('a process that called them and closed its client exits by itself', async () => {
    const run = runProcess('monitor-redis-down.mjs', [], { REDIS_URL: CLOSED });
    child = run;
    const { code } = await run.exited;
    expect(run.output()).toContain('getJobCounts: RedisUnavailableError');
    expect(run.output()).toContain('getJob: RedisUnavailableError');
    expect(run.output()).toContain('getJobs: RedisUnavailableError');
    expect(run.output()).toContain('closed');
    expect(code).toBe(0);
  });
});

describe('the log while Redis is down', () => {
  it('has each connection error once, as a redis error, not again for every queue', async () => {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const logged = new QueueClient({
      config: queueConfig({ redisUrl: CLOSED, prefix: uniquePrefix(), connectTimeoutMs: 300 }),
      logger,
    });
    try {
      await expect(logged.queue(contract).getJobCounts()).rejects.toBeInstanceOf(RedisUnavailableError);
      await until(() => lines.some((l) => l.msg === 'redis error'), 10_000, 'a redis error line');
      expect(lines.filter((l) => l.msg === 'queue error')).toEqual([]);
    } finally {
      await logged.close();
    }
  });
});
