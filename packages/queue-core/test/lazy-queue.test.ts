import { searchIndexUpdate } from '@yg/job-contracts';
import { type Job, Queue } from 'bullmq';
import { describe, expect } from 'vitest';
import { createWorkerIfNotServerless, lazyQueue, type QueueJob, setQueueClient } from '../src/index';
import { clientsOf, queueTest, until } from './fixtures';

// As a job package exports it: module level, before anything has connected. It resolves the
// process's default client whenever it is used, so each test below gets it on a client of its own.
const searchIndexQueue = lazyQueue(searchIndexUpdate);

/**
 * Each test's client (a fresh prefix, nothing connected yet) as the process default; the previous
 * one is restored after the test. Before, the file shared one client, and "connects only when used"
 * failed whenever the other test had run first.
 */
const it = queueTest.extend('defaultClient', { auto: true }, async ({ client }, { onCleanup }) => {
  const previous = setQueueClient(client);
  onCleanup(() => {
    setQueueClient(previous);
  });
  return client;
});

describe('a lazy queue', () => {
  it('is a real BullMQ Queue that connects only when used', async ({ client, redis }) => {
    expect(searchIndexQueue).toBeInstanceOf(Queue);
    expect(await clientsOf(redis, client.config.prefix)).toEqual([]);
    const counts = await searchIndexQueue.getJobCounts('waiting', 'active', 'completed', 'failed');
    expect(counts).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
    expect(searchIndexQueue.name).toBe('search-index-realtime');
    expect(await clientsOf(redis, client.config.prefix)).toContain(
      `yg-jobs:${client.config.prefix}:producer`,
    );
  });

  it('serves the seed’s monitoring calls: getJob, getFailed, retry, clean, obliterate', async ({
    client,
    redis,
  }) => {
    const failOnce = new Set(['asset-2']);
    const processed: string[] = [];
    // The seed's style: a worker by queue name; its payloads are still checked against the contract.
    const worker = createWorkerIfNotServerless(
      'search-index-realtime',
      async (job: Job<{ entityId: string }>) => {
        await job.updateProgress(50);
        await job.log(`indexing ${job.data.entityId}`);
        if (failOnce.delete(job.data.entityId))
          throw new Error(`index write failed for ${job.data.entityId}`);
        processed.push(job.data.entityId);
      },
      { client },
    )!;
    // The seed's "idempotent job id" example: the id is turned into deduplication, so nothing is lost.
    const first = await searchIndexQueue.add(
      'update',
      { entityType: 'asset', entityId: 'asset-1', operation: 'update' },
      { jobId: 'search-asset-asset-1-update' },
    );
    await until(async () => (await first.getState()) === 'completed');
    const again = await searchIndexQueue.add(
      'update',
      { entityType: 'asset', entityId: 'asset-1', operation: 'update' },
      { jobId: 'search-asset-asset-1-update' },
    );
    await until(async () => (await again.getState()) === 'completed');
    expect(processed).toEqual(['asset-1', 'asset-1']);

    const bad = await searchIndexQueue.add(
      'update',
      { entityType: 'asset', entityId: 'asset-2', operation: 'update' },
      { attempts: 1 },
    );
    await until(async () => (await searchIndexQueue.getFailed(0, 10)).length === 1);
    const [failed] = await searchIndexQueue.getFailed(0, 10);
    expect(failed!.id).toBe(bad.id);
    expect(failed!.failedReason).toBe('index write failed for asset-2');
    expect(failed!.attemptsMade).toBe(1);

    const job = (await searchIndexQueue.getJob(bad.id!))!;
    expect(await job.getState()).toBe('failed');
    expect(job.progress).toBe(50);
    expect(job.data).toEqual({ entityType: 'asset', entityId: 'asset-2', operation: 'update' });
    expect(await (job as QueueJob).getLogs()).toEqual({ logs: ['indexing asset-2'], count: 1 });

    await failed!.retry();
    await until(async () => (await job.getState()) === 'completed');
    expect(processed).toEqual(['asset-1', 'asset-1', 'asset-2']);

    expect(await searchIndexQueue.clean(0, 0, 'completed')).toHaveLength(3);
    expect(await searchIndexQueue.getCompletedCount()).toBe(0);
    await worker.close();
    await searchIndexQueue.obliterate({ force: true });
    expect(await redis.keys(`${client.config.prefix}:search-index-realtime:*`)).toEqual([]);
  });
});
