import { defineContract } from '@yg/job-contracts';
import type { Job, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkerIfNotServerless } from '../src/index';
import { adminRedis, deleteKeys, testClient, until } from './fixtures';

const client = testClient();
const redis = adminRedis();
const workers: Worker[] = [];

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await client.close();
  await deleteKeys(redis, client.config.prefix);
});

function entityContract(queue: string) {
  return defineContract({
    queue,
    name: 'sync',
    schema: z.strictObject({ entityId: z.string(), version: z.number().int() }),
    defaultJobOptions: { attempts: 1 },
    deduplication: { id: (p) => `entity:${p.entityId}`, keepLastIfActive: true },
  });
}

/** A worker that records what it processed and can hold a job open until released. */
function recordingWorker(contract: ReturnType<typeof entityContract>) {
  const seen: number[] = [];
  let hold: Promise<void> | undefined;
  let release = () => {};
  const worker = createWorkerIfNotServerless(
    contract,
    async (job: Job<{ version: number }>) => {
      seen.push(job.data.version);
      if (hold) await hold;
    },
    { client, concurrency: 4 },
  )!;
  workers.push(worker);
  return {
    seen,
    worker,
    holdNext() {
      hold = new Promise((resolve) => {
        release = () => {
          hold = undefined;
          resolve();
        };
      });
    },
    release: () => release(),
  };
}

describe('deduplication never loses an update', () => {
  it('processes an update enqueued after the previous job for the entity completed', async () => {
    const contract = entityContract('test-dedup-after');
    const recorder = recordingWorker(contract);
    const first = await client.enqueue(contract, { entityId: 'a1', version: 1 });
    await until(() => recorder.seen.length === 1, 10_000, 'first run');
    await until(async () => (await client.queue(contract).getJobState(first.jobId)) === 'completed');
    const second = await client.enqueue(contract, { entityId: 'a1', version: 2 });
    expect(second.status).toBe('added');
    await until(() => recorder.seen.length === 2, 10_000, 'second run');
    expect(recorder.seen).toEqual([1, 2]);
  });

  it('collapses duplicates while one is waiting', async () => {
    const contract = entityContract('test-dedup-waiting');
    const results = [];
    for (let version = 1; version <= 5; version++) {
      results.push(await client.enqueue(contract, { entityId: 'a1', version }));
    }
    expect(results.map((r) => r.status)).toEqual([
      'added',
      'deduplicated',
      'deduplicated',
      'deduplicated',
      'deduplicated',
    ]);
    expect(new Set(results.map((r) => r.jobId)).size).toBe(1);
    expect(await client.queue(contract).getWaitingCount()).toBe(1);
    // Another entity is not swallowed by the first.
    expect((await client.enqueue(contract, { entityId: 'b2', version: 1 })).status).toBe('added');
    expect(await client.queue(contract).getWaitingCount()).toBe(2);
  });

  it('runs an update that arrives while one is active afterwards, with the newest payload', async () => {
    const contract = entityContract('test-dedup-active');
    const recorder = recordingWorker(contract);
    recorder.holdNext();
    await client.enqueue(contract, { entityId: 'a1', version: 1 });
    await until(() => recorder.seen.length === 1, 10_000, 'first run to start');
    const during = [
      await client.enqueue(contract, { entityId: 'a1', version: 2 }),
      await client.enqueue(contract, { entityId: 'a1', version: 3 }),
    ];
    expect(during.every((r) => r.status === 'deduplicated')).toBe(true);
    recorder.release();
    await until(() => recorder.seen.length === 2, 10_000, 'follow-up run');
    await until(async () => (await client.queue(contract).getActiveCount()) === 0);
    const left = await client.queue(contract).getJobCounts('waiting', 'active', 'delayed');
    expect(left).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(recorder.seen).toEqual([1, 3]);
  });
});
