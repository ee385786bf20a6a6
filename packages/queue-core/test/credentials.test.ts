import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { defineContract } from '@yg/job-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { logSafeError, QueueClient, queueConfig, RedisUnavailableError, Runtime } from '../src/index';
import { adminRedis, deleteKeys, uniquePrefix } from './fixtures';
import { type RunningProcess, runProcess } from './process';

// A Redis ACL user of this file's own; its password is rotated while a worker and a producer use it.
const user = `yg-test-${randomUUID().slice(0, 8)}`;
const pass1 = `first-${randomUUID()}`;
const pass2 = `second-${randomUUID()}`;
const prefix = uniquePrefix();
const url = `redis://${user}:${pass1}@127.0.0.1:6379`;
const admin = adminRedis();
const leaky = defineContract({
  queue: 'test-credentials',
  name: 'leaky',
  schema: z.strictObject({}),
  defaultJobOptions: { attempts: 1 },
});

function expectNoSecret(text: string): void {
  expect(text).not.toContain(pass1);
  expect(text).not.toContain(pass2);
}

let worker: RunningProcess;
let producer: QueueClient;

beforeAll(async () => {
  await admin.call('ACL', 'SETUSER', user, 'on', `>${pass1}`, '~*', '&*', '+@all');
  producer = new QueueClient({ config: queueConfig({ redisUrl: url, prefix, connectTimeoutMs: 1000 }) });
  worker = runProcess('worker-with-credentials.mjs', [], { REDIS_URL: url, BULLMQ_PREFIX: prefix });
});

afterAll(async () => {
  worker.child.kill('SIGKILL');
  await worker.exited;
  await producer.close();
  await admin.call('ACL', 'DELUSER', user);
  await deleteKeys(admin, prefix);
});

describe('a password never reaches a log line, an error or /health', () => {
  it('survives a failing job and a password rotation', async () => {
    await worker.waitFor('ready');
    await producer.enqueue(leaky, {});
    await worker.waitFor('"job failed"');

    await admin.call('ACL', 'SETUSER', user, 'resetpass', `>${pass2}`);
    await admin.call('CLIENT', 'KILL', 'USER', user);
    // The worker reconnects with the old password and logs each refusal.
    await worker.waitFor('WRONGPASS');

    const error = await producer.enqueue(leaky, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedisUnavailableError);
    const unavailable = error as RedisUnavailableError;
    // ioredis's AUTH error (with the password in command.args) was the reason: only a copy is kept.
    expect(unavailable.message).toContain('WRONGPASS');
    expectNoSecret(unavailable.message);
    expectNoSecret(inspect(unavailable, { depth: null }));
    expectNoSecret(JSON.stringify(logSafeError(unavailable)));

    const health = await new Runtime({ modules: [], deps: {}, client: producer }).health();
    expect(health.redis.healthy).toBe(false);
    expectNoSecret(JSON.stringify(health));

    const output = worker.output();
    expect(output).toContain('could not reach redis://');
    expectNoSecret(output);
    for (const line of output.split('\n').filter((l) => l.startsWith('{'))) {
      expectNoSecret(JSON.stringify(JSON.parse(line)));
    }
  });
});

describe('logSafeError', () => {
  it('drops library attachments and walks cause and errors', () => {
    const root = Object.assign(new Error('WRONGPASS'), { command: { name: 'auth', args: ['u', 'p4ss'] } });
    const aggregate = new AggregateError([root], 'all failed', {
      cause: Object.assign(new Error('inner'), { previousErrors: [root], code: 'ECONNREFUSED' }),
    });
    const safe = logSafeError(aggregate);
    expect(JSON.stringify(safe)).not.toContain('p4ss');
    expect(safe).toMatchObject({
      name: 'AggregateError',
      message: 'all failed',
      errors: [{ name: 'Error', message: 'WRONGPASS' }],
      cause: { message: 'inner', code: 'ECONNREFUSED' },
    });
  });

  it('strips the password of every URL in a message and stack', () => {
    const error = new Error(
      'tried redis://u:p1@h:6379, rediss://:p2@h, postgresql://pg:p3@db/x, smtp://m:p4@mail, amqp://a:p%405@mq',
    );
    const safe = logSafeError(error);
    for (const secret of ['p1', 'p2', 'p3', 'p4', 'p%405']) {
      expect(safe.message).not.toContain(`${secret}@`);
      expect(safe.stack).not.toContain(`${secret}@`);
    }
    expect(safe.message).toBe(
      'tried redis://u:***@h:6379, rediss://:***@h, postgresql://pg:***@db/x, smtp://m:***@mail, amqp://a:***@mq',
    );
  });

  it('takes anything thrown', () => {
    expect(logSafeError('redis://u:pw@h down')).toEqual({ name: 'string', message: 'redis://u:***@h down' });
  });
});
