import { queueSearchIndexUpdate } from '@yg/jobs-search';
import { QueueClient, queueConfig } from '@yg/queue-core';
import { deleteKeys, REDIS_URL, uniquePrefix, until } from '@yg/testing';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from '../src/metrics';
import { freePort, start, testPrefix, waitForOutput } from './worker-process';

/** The value of one sample of an exposition, by its exact name and labels. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('after real jobs ran: queue counts, totals, duration and wait histograms, process metrics', async () => {
    const port = await freePort();
    const prefix = testPrefix();
    const run = start(['start'], { BULLMQ_PREFIX: prefix, WORKER_HTTP_PORT: String(port) });
    const client = new QueueClient({ config: queueConfig({ prefix }) });
    try {
      await waitForOutput(run, 'worker running');
      for (const id of ['ast_m1', 'ast_m2', 'ast_m3']) {
        await queueSearchIndexUpdate('asset', id, 'update', { client });
      }
      const queue = client.queue('search-index-realtime');
      await until(async () => (await queue.getCompletedCount()) === 3);

      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      const q = 'queue="search-index-realtime"';
      expect(sample(text, `bullmq_job_count{${q},state="completed"}`)).toBe(3);
      expect(sample(text, `bullmq_job_count{${q},state="waiting"}`)).toBe(0);
      expect(sample(text, `bullmq_job_completed_total{${q}}`)).toBe(3);
      expect(sample(text, `bullmq_job_failed_total{${q}}`)).toBe(0);
      expect(sample(text, `yg_job_duration_seconds_count{${q},status="completed"}`)).toBe(3);
      expect(sample(text, `yg_job_duration_seconds_bucket{le="+Inf",${q},status="completed"}`)).toBe(3);
      expect(sample(text, `yg_job_wait_seconds_count{${q}}`)).toBe(3);
      expect(sample(text, `yg_job_wait_seconds_sum{${q}}`)).toBeGreaterThanOrEqual(0);
      // Each family declared once: Prometheus rejects a scrape that declares one twice.
      const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
      expect(new Set(types).size).toBe(types.length);
      expect(types).toEqual(
        expect.arrayContaining([
          '# TYPE yg_job_duration_seconds histogram',
          '# TYPE yg_job_wait_seconds histogram',
          '# TYPE yg_job_retries_total counter',
          '# TYPE bullmq_job_count gauge',
        ]),
      );
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      await client.close();
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('counts an attempt that failed and is retried apart from one that failed for good', async () => {
    const prefix = uniquePrefix();
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('flaky', { connection, prefix });
    const metrics = new WorkerMetrics(() => [queue]);
    const worker = new Worker(
      'flaky',
      async (job) => {
        if (job.data.unrecoverable) throw new UnrecoverableError('bad input');
        if (job.attemptsMade === 0) throw new Error('first attempt fails');
        return 'ok';
      },
      { connection, prefix, metrics: { maxDataPoints: 60 } },
    );
    metrics.observe(worker);
    try {
      await queue.add('a', {}, { attempts: 3 });
      await queue.add('b', { unrecoverable: true }, { attempts: 3 });
      await until(
        async () => (await queue.getCompletedCount()) === 1 && (await queue.getFailedCount()) === 1,
      );
      const text = await metrics.registry.metrics();
      expect(sample(text, 'yg_job_retries_total{queue="flaky"}')).toBe(1);
      expect(sample(text, 'yg_job_duration_seconds_count{queue="flaky",status="retried"}')).toBe(1);
      expect(sample(text, 'yg_job_duration_seconds_count{queue="flaky",status="completed"}')).toBe(1);
      expect(sample(text, 'yg_job_duration_seconds_count{queue="flaky",status="failed"}')).toBe(1);
      // The wait is the first attempt's alone: two jobs, two observations.
      expect(sample(text, 'yg_job_wait_seconds_count{queue="flaky"}')).toBe(2);
      expect(sample(text, 'bullmq_job_failed_total{queue="flaky"}')).toBe(1);
    } finally {
      await worker.close();
      await queue.close();
      await deleteKeys(connection, prefix);
      await connection.quit();
    }
  });
});
