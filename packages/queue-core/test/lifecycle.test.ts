import { defineContract } from '@yg/job-contracts';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createWorkerIfNotServerless,
  defineJobModule,
  QueueClient,
  queueConfig,
  Runtime,
} from '../src/index';
import { adminRedis, clientsOf, deleteKeys, REDIS_URL, testClient, uniquePrefix, until } from './fixtures';
import { runProcess } from './process';

const redis = adminRedis();
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
});

describe('importing the packages', () => {
  it('opens no connection and starts no timer', async () => {
    const run = runProcess('import-only.mjs', []);
    const { code } = await run.exited;
    expect(code).toBe(0);
    const resources = JSON.parse(run.output()) as string[];
    expect(resources.filter((r) => /TCP|Timeout|Interval/.test(r))).toEqual([]);
    // Nothing of ours showed up in Redis either (other test files may come and go meanwhile).
    const list = (await redis.client('LIST')) as string;
    expect(list).not.toMatch(/name=yg-jobs:yg:/);
  });
});

describe('ENABLE_WORKERS=false', () => {
  it('creates no worker and opens no worker connection', async () => {
    const client = testClient({ enableWorkers: false });
    prefixes.push(client.config.prefix);
    const contract = defineContract({ queue: 'test-serverless', name: 'noop', schema: z.strictObject({}) });
    expect(createWorkerIfNotServerless(contract, async () => {}, { client })).toBeUndefined();
    const runtime = new Runtime({
      modules: [
        defineJobModule()({ group: 'test', processors: { noop: { contract, process: async () => {} } } }),
      ],
      deps: {},
      client,
    });
    await runtime.start();
    expect(runtime.workers).toEqual([]);
    expect(await clientsOf(redis, client.config.prefix)).toEqual([]);
    // Producers still work: the web app enqueues, a worker elsewhere processes.
    expect((await client.enqueue(contract, {})).status).toBe('added');
    await runtime.shutdown();
  });
});

describe("a caller's Redis connection", () => {
  it('is used for producing and left open when the client closes: whoever opened it closes it', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const own = new Redis(REDIS_URL, { enableOfflineQueue: false, connectionName: `${prefix}:app` });
    await until(() => own.status === 'ready', 5000, 'the caller connection');
    const client = new QueueClient({ config: queueConfig({ redisUrl: REDIS_URL, prefix }), connection: own });
    const contract = defineContract({ queue: 'test-shared', name: 'noop', schema: z.strictObject({}) });
    expect((await client.enqueue(contract, {})).status).toBe('added');
    expect(client.producerConnection()).toBe(own);
    await client.close();
    expect(own.status).toBe('ready');
    expect(await own.llen(`${prefix}:test-shared:wait`)).toBe(1);
    await own.quit();
  });
});

describe('graceful shutdown', () => {
  it('lets a running job finish, closes every connection and exits 0', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const worker = runProcess('worker-with-slow-job.mjs', [prefix, '1500']);
    await worker.waitFor('ready');
    expect((await clientsOf(redis, prefix)).length).toBeGreaterThan(0);

    const client = testClient({ prefix });
    const contract = defineContract({
      queue: 'test-shutdown',
      name: 'slow',
      schema: z.strictObject({ id: z.string() }),
    });
    const { jobId } = await client.enqueue(contract, { id: 'j1' });
    await worker.waitFor('started j1');
    worker.child.kill('SIGTERM');

    const { code, signal } = await worker.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(worker.output()).toMatch(/started j1[\s\S]*finished j1[\s\S]*stopped/);
    expect(await client.queue(contract).getJobState(jobId)).toBe('completed');
    await client.close();
    await until(async () => (await clientsOf(redis, prefix)).length === 0, 5000, 'connections to close');
  });

  it('gives up on a job that outlives the deadline, leaving it to be retried, never lost', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    // The job would take a minute; shutdown allows 300 ms.
    const worker = runProcess('worker-with-slow-job.mjs', [prefix, '60000', '300']);
    await worker.waitFor('ready');
    const client = testClient({ prefix });
    const contract = defineContract({
      queue: 'test-shutdown',
      name: 'slow',
      schema: z.strictObject({ id: z.string() }),
    });
    const { jobId } = await client.enqueue(contract, { id: 'j2' });
    await worker.waitFor('started j2');
    worker.child.kill('SIGTERM');
    await worker.waitFor('stopped');
    expect(worker.output()).toContain('jobs still active at the shutdown deadline');
    // Still active in Redis, lock unrenewed: BullMQ's stalled check hands it to another worker.
    expect(await client.queue(contract).getJobState(jobId)).toBe('active');
    expect(worker.output()).not.toContain('finished j2');
    await client.close();
    // Every connection is closed although the job's code is still running in that process.
    await until(async () => (await clientsOf(redis, prefix)).length === 0, 5000, 'connections to close');
    worker.child.kill('SIGKILL');
  });

  it('is safe to call twice and leaves the health unhealthy afterwards', async () => {
    const client = testClient();
    prefixes.push(client.config.prefix);
    const contract = defineContract({
      queue: 'test-shutdown-twice',
      name: 'noop',
      schema: z.strictObject({}),
    });
    const runtime = new Runtime({
      modules: [
        defineJobModule()({ group: 'things', processors: { noop: { contract, process: async () => {} } } }),
      ],
      deps: {},
      client,
    });
    await runtime.start();
    const health = await runtime.health();
    expect(health.healthy).toBe(true);
    expect(health.things).toEqual({
      healthy: true,
      workers: [{ queue: 'test-shutdown-twice', running: true, concurrency: 1 }],
    });
    await Promise.all([runtime.shutdown(), runtime.shutdown()]);
    await runtime.shutdown();
    expect((await runtime.health()).healthy).toBe(false);
    expect(await clientsOf(redis, client.config.prefix)).toEqual([]);
  });
});

describe('worker options', () => {
  it('WORKER_CONCURRENCY overrides the concurrency a module asks for', async () => {
    const client = testClient({ workerConcurrency: 7 });
    prefixes.push(client.config.prefix);
    const contract = defineContract({ queue: 'test-concurrency', name: 'noop', schema: z.strictObject({}) });
    const worker = createWorkerIfNotServerless(contract, async () => {}, { client, concurrency: 50 })!;
    expect(worker.concurrency).toBe(7);
    await worker.close();
    await client.close();
  });

  it('logs a completed job at debug with queue, job id and attempt, and nothing at info', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const client = testClient();
    prefixes.push(client.config.prefix);
    const contract = defineContract({ queue: 'test-logging', name: 'noop', schema: z.strictObject({}) });
    const worker = createWorkerIfNotServerless(contract, async () => {}, { client, logger })!;
    const { jobId } = await client.enqueue(contract, {});
    await until(() => lines.some((l) => l.msg === 'job completed'), 10_000, 'the log line');
    expect(lines.find((l) => l.msg === 'job completed')).toMatchObject({
      queue: 'test-logging',
      jobId,
      job: 'noop',
      attempt: 1,
      level: 20,
    });
    // At info (the default) a completion writes no line: it is counted by the metrics instead.
    expect(lines.filter((l) => (l.level as number) >= 30 && l.jobId === jobId)).toEqual([]);
    await worker.close();
    await client.close();
  });

  it("logs each worker it starts under the module's label, for operators grepping the logs", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const client = new QueueClient({ config: queueConfig({ redisUrl: REDIS_URL, prefix }), logger });
    const contract = defineContract({ queue: 'test-label', name: 'noop', schema: z.strictObject({}) });
    const runtime = new Runtime({
      modules: [
        defineJobModule()({
          group: 'search',
          label: 'SearchIndex',
          processors: { noop: { contract, process: async () => {} } },
        }),
      ],
      deps: {},
      client,
    });
    await runtime.start();
    await runtime.shutdown();

    expect(lines).toContainEqual(
      expect.objectContaining({ msg: '[SearchIndex] Worker started', queue: 'test-label', concurrency: 1 }),
    );
  });
});
