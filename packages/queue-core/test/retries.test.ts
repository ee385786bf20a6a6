import { defineContract } from '@yg/job-contracts';
import type { Job } from 'bullmq';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import { createWorkerIfNotServerless, UnrecoverableError } from '../src/index';
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
});
