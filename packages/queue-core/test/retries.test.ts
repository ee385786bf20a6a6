import { defineContract } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import {
  createWorkerIfNotServerless,
  DependencyDownError,
  RetryLaterError,
  UnrecoverableError,
} from '../src/index';
import { queueTest as it, until } from './fixtures';

describe('retries', () => {
  it('back off exponentially and stop at the configured attempts', async ({ client }) => {
    const contract = defineContract({
      queue: 'test-retry',
      name: 'flaky',
      schema: z.strictObject({ id: z.string() }),
      defaultJobOptions: { attempts: 4, backoff: { type: 'exponential', delay: 100 } },
    });
    const tries: number[] = [];
    const worker = createWorkerIfNotServerless(
      contract,
      async () => {
        tries.push(Date.now());
        throw new Error('downstream unavailable');
      },
      { client },
    )!;
    const { jobId } = await client.enqueue(contract, { id: 'x' });
    const queue = client.queue(contract);
    await until(async () => (await queue.getJobState(jobId)) === 'failed', 15_000, 'final failure');
    const job = (await queue.getJob(jobId)) as Job;
    expect(job.attemptsMade).toBe(4);
    expect(job.failedReason).toBe('downstream unavailable');
    expect(tries).toHaveLength(4);
    // BullMQ never runs a retry early: gaps are at least 100, 200, 400 ms.
    const gaps = tries.slice(1).map((t, i) => t - tries[i]!);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(100 * 2 ** i - 5);
    });
    await worker.close();
  });

  it('stop at once on UnrecoverableError', async ({ client }) => {
    const contract = defineContract({
      queue: 'test-unrecoverable',
      name: 'gone',
      schema: z.strictObject({ id: z.string() }),
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 50 } },
    });
    let calls = 0;
    const worker = createWorkerIfNotServerless(
      contract,
      async () => {
        calls++;
        throw new UnrecoverableError('asset x no longer exists');
      },
      { client },
    )!;
    const { jobId } = await client.enqueue(contract, { id: 'x' });
    await until(async () => (await client.queue(contract).getJobState(jobId)) === 'failed');
    expect(calls).toBe(1);
    await worker.close();
  });

  it('put a job that cannot run yet back as delayed, without spending an attempt', async ({ client }) => {
    const contract = defineContract({
      queue: 'test-retry-later',
      name: 'held',
      schema: z.strictObject({ id: z.string() }),
      defaultJobOptions: { attempts: 1, backoff: { type: 'exponential', delay: 50 } },
    });
    let calls = 0;
    const worker = createWorkerIfNotServerless(
      contract,
      async () => {
        calls++;
        // Twice "not now" (another attempt holds the resource), then done: with one attempt
        // allowed, a plain error would have failed the job for good the first time.
        if (calls <= 2) throw new RetryLaterError('held by another attempt', 50);
        return 'done';
      },
      { client },
    )!;
    const { jobId } = await client.enqueue(contract, { id: 'x' });
    const queue = client.queue(contract);
    await until(async () => (await queue.getJobState(jobId)) === 'completed', 15_000, 'completion');
    const job = (await queue.getJob(jobId)) as Job;
    expect(calls).toBe(3);
    // Three starts, one attempt: the run that completed.
    expect(job.attemptsStarted).toBe(3);
    expect(job.attemptsMade).toBe(1);
    expect(job.returnvalue).toBe('done');
    await worker.close();
  });

  it('put jobs back while a dependency is down, spending no attempt, and resume when it answers', async ({
    client,
  }) => {
    const contract = defineContract({
      queue: 'test-outage',
      name: 'needs-db',
      schema: z.strictObject({ id: z.string() }),
      // One attempt: any failure counted against the job would fail it for good.
      defaultJobOptions: { attempts: 1, backoff: { type: 'exponential', delay: 50 } },
    });
    let databaseUp = false;
    const calls: string[] = [];
    const worker = createWorkerIfNotServerless(
      contract,
      async (job) => {
        calls.push(job.data.id);
        if (!databaseUp) {
          if (calls.length >= 2) databaseUp = true;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        return 'done';
      },
      {
        client,
        isOutage: (error) => ((error as { code?: string }).code === 'ECONNREFUSED' ? 'postgres' : undefined),
      },
    )!;
    const first = await client.enqueue(contract, { id: 'a' });
    const queue = client.queue(contract);
    await until(async () => (await queue.getJobState(first.jobId)) === 'completed', 20_000, 'completion');
    const job = (await queue.getJob(first.jobId)) as Job;
    expect(job.attemptsMade).toBe(1);
    expect(job.returnvalue).toBe('done');
    expect(calls).toEqual(['a', 'a', 'a']);
    // A processor can say so itself, too: DependencyDownError.
    let smtpUp = false;
    const own = defineContract({ queue: 'test-outage-own', name: 'send', schema: z.strictObject({}) });
    const sender = createWorkerIfNotServerless(
      own,
      async () => {
        if (!smtpUp) {
          smtpUp = true;
          throw new DependencyDownError('smtp');
        }
      },
      { client },
    )!;
    const second = await client.enqueue(own, {});
    await until(async () => (await client.queue(own).getJobState(second.jobId)) === 'completed');
    expect((await client.queue(own).getJob(second.jobId))?.attemptsMade).toBe(1);
    await Promise.all([worker.close(), sender.close()]);
  });

  it('store a failure without the credentials a library put in its message', async ({ client }) => {
    const contract = defineContract({
      queue: 'test-secret-failure',
      name: 'connect',
      schema: z.strictObject({}),
      defaultJobOptions: { attempts: 1, backoff: { type: 'exponential', delay: 10 } },
    });
    const worker = createWorkerIfNotServerless(
      contract,
      async () => {
        throw new Error('connect to smtp://mailer:hunter2@smtp.internal:587 failed');
      },
      { client },
    )!;
    const { jobId } = await client.enqueue(contract, {});
    const queue = client.queue(contract);
    await until(async () => (await queue.getJobState(jobId)) === 'failed');
    const job = (await queue.getJob(jobId)) as Job;
    expect(job.failedReason).toContain('smtp://mailer:***@smtp.internal:587');
    expect(JSON.stringify([job.failedReason, job.stacktrace])).not.toContain('hunter2');
    await worker.close();
  });
});
