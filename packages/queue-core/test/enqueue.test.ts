import {
  ContractValidationError,
  dailyAggregation,
  defineContract,
  searchIndexUpdate,
} from '@yg/job-contracts';
import { Queue, type Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkerIfNotServerless, EnqueueError, RedisUnavailableError } from '../src/index';
import { adminRedis, deleteKeys, testClient, until } from './fixtures';

const client = testClient();
const redis = adminRedis();

afterAll(async () => {
  await client.close();
  await deleteKeys(redis, client.config.prefix);
});

describe('enqueue', () => {
  it('validates, adds under the prefix and reports the job as added', async () => {
    const result = await client.enqueue(dailyAggregation, { date: '2025-10-18' });
    expect(result.status).toBe('added');
    const job = await client.queue(dailyAggregation).getJob(result.jobId);
    expect(job?.data).toEqual({ date: '2025-10-18' });
    expect(job?.opts.attempts).toBe(dailyAggregation.defaultJobOptions.attempts);
    expect(job?.opts.removeOnComplete).toEqual(dailyAggregation.defaultJobOptions.removeOnComplete);
    expect(await redis.exists(`${client.config.prefix}:analytics-aggregate-daily:${result.jobId}`)).toBe(1);
  });

  it('rejects an invalid payload before Redis, naming the field', async () => {
    const queue = client.queue(searchIndexUpdate);
    const before = await queue.count();
    const attempt = client.enqueue(searchIndexUpdate, {
      // @ts-expect-error not an entity type: the contract's type refuses it at compile time too
      entityType: 'video',
      entityId: 'a1',
      operation: 'update',
    });
    await expect(attempt).rejects.toBeInstanceOf(ContractValidationError);
    await expect(attempt).rejects.toThrow(/entityType/);
    expect(await queue.count()).toBe(before);
  });

  it('validates the seed-style direct add on the queue too', async () => {
    const queue = client.queue(dailyAggregation);
    await expect(queue.add('aggregate-daily', { date: '2025-02-30' })).rejects.toThrow(
      /date: must be a real/,
    );
    // @ts-expect-error the queue's only job is "aggregate-daily"
    await expect(queue.add('aggregate-weekly', { date: '2025-02-03' })).rejects.toBeInstanceOf(EnqueueError);
    const job = await queue.add('aggregate-daily', { date: '2025-02-28' });
    expect(job.data).toEqual({ date: '2025-02-28' });
  });

  it('bulk-enqueues in chunks, validating every payload first', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `asset-${i}`);
    const results = await client.enqueueBulk(
      searchIndexUpdate,
      ids.map((entityId) => ({ entityType: 'asset', entityId, operation: 'update' })),
    );
    expect(results).toHaveLength(2500);
    expect(results.every((r) => r.status === 'added')).toBe(true);
    await expect(
      client.enqueueBulk(searchIndexUpdate, [
        { entityType: 'asset', entityId: 'x', operation: 'update' },
        { entityType: 'asset', entityId: '', operation: 'update' },
      ]),
    ).rejects.toThrow(/payload #1: .*entityId/);
  });

  it('fails a payload placed in Redis by hand once, without retrying', async () => {
    const strict = defineContract({
      queue: 'test-strict',
      name: 'strict',
      schema: z.strictObject({ count: z.number().int() }),
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 10 } },
    });
    // Bypass the contract: a plain BullMQ queue on the same keys.
    const raw = new Queue('test-strict', { connection: redis, prefix: client.config.prefix });
    const bad = await raw.add('strict', { count: 'three' }, { attempts: 5 });
    await raw.close();

    let calls = 0;
    const worker = createWorkerIfNotServerless(
      strict,
      async () => {
        calls++;
      },
      { client },
    ) as Worker;
    const queue = client.queue(strict);
    const failed = await until(async () =>
      (await queue.getJobState(bad.id!)) === 'failed' ? true : undefined,
    );
    expect(failed).toBe(true);
    const job = await queue.getJob(bad.id!);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/count: .*number/);
    expect(calls).toBe(0);

    // A job name the queue has no contract for is refused the same way.
    const rawAgain = new Queue('test-strict', { connection: redis, prefix: client.config.prefix });
    const stray = await rawAgain.add('no-such-job', { count: 1 }, { attempts: 5 });
    await rawAgain.close();
    await until(async () => ((await queue.getJobState(stray.id!)) === 'failed' ? true : undefined));
    const strayJob = await queue.getJob(stray.id!);
    expect(strayJob?.attemptsMade).toBe(1);
    expect(strayJob?.failedReason).toBe(
      'Queue test-strict has no job named "no-such-job" (its job: "strict")',
    );
    expect(calls).toBe(0);
    await worker.close();
  });
});

describe('with Redis unreachable', () => {
  it('rejects within a bounded time, naming host:port and never the password', async () => {
    const down = testClient({ redisUrl: 'redis://:hunter2@127.0.0.1:1', connectTimeoutMs: 500 });
    const error = await down.enqueue(dailyAggregation, { date: '2025-10-18' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2');
    // Bounded: it gave up on its own at the configured wait, rather than hanging until Redis answers.
    expect((error as Error).message).toContain('no connection within 500 ms');
    // The direct queue API fails fast the same way.
    await expect(
      down.queue(dailyAggregation).add('aggregate-daily', { date: '2025-10-18' }),
    ).rejects.toBeInstanceOf(RedisUnavailableError);
    await down.close();
  });

  it('recovers when Redis answers again: the same client enqueues after an outage', async () => {
    const flaky = testClient();
    await flaky.enqueue(dailyAggregation, { date: '2025-10-19' });
    flaky.producerConnection().disconnect(true);
    const result = await flaky.enqueue(dailyAggregation, { date: '2025-10-20' });
    expect(result.status).toBe('added');
    await flaky.close();
    await deleteKeys(redis, flaky.config.prefix);
  });

  it('fails a job whose stored hash is corrupt, at once and saying why, instead of stalling forever', async () => {
    const contract = defineContract({
      queue: 'test-corrupt',
      name: 'count',
      schema: z.strictObject({ n: z.number() }),
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 10 } },
    });
    const { jobId } = await client.enqueue(contract, { n: 1 });
    // Damaged in Redis: a hand edit, a foreign tool, a partial write.
    await redis.hset(`${client.config.prefix}:test-corrupt:${jobId}`, 'data', '{not json');
    let calls = 0;
    const worker = createWorkerIfNotServerless(
      contract,
      async () => {
        calls++;
      },
      { client },
    )!;
    const queue = client.queue(contract);
    await until(async () => (await queue.getJobState(jobId)) === 'failed', 15_000, 'the corrupt job to fail');
    const job = await queue.getJob(jobId);
    expect(job?.failedReason).toMatch(/cannot run: its stored data is not valid JSON/);
    expect(job?.attemptsMade).toBe(1);
    expect(calls).toBe(0);
    await worker.close();
  });
});
