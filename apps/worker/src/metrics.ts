import type { Job, Queue, Worker } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// Seconds, from a 5 ms no-op to a five-minute reindex batch.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The Prometheus metrics of one worker process, on prom-client:
 * - per queue, read from Redis at scrape time (what BullMQ's own exporter gives, all workers of
 *   the queue together): `bullmq_job_count{queue,state}`, `bullmq_job_completed_total`,
 *   `bullmq_job_failed_total`;
 * - per queue, observed by this process's workers: `yg_job_duration_seconds{queue,status}` (start
 *   to end of an attempt), `yg_job_wait_seconds{queue}` (from when the job could first run, that is
 *   enqueued plus its delay, to the start of its first attempt), `yg_job_retries_total{queue}`
 *   (attempts that failed and will be retried);
 * - the process's own (`process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`,
 *   `nodejs_eventloop_lag_seconds`, …) from prom-client's default collectors.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly #duration: Histogram<'queue' | 'status'>;
  readonly #wait: Histogram<'queue'>;
  readonly #retries: Counter<'queue'>;

  constructor(queues: () => readonly Queue[]) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'bullmq_job_count',
      help: 'Number of jobs in the queue by state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const queue of queues()) {
          const counts = await queue.getJobCounts();
          for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
        }
      },
    });
    for (const state of ['completed', 'failed'] as const) {
      new Counter({
        name: `bullmq_job_${state}_total`,
        help: `Total number of ${state} jobs`,
        labelNames: ['queue'],
        registers,
        // BullMQ keeps these totals in Redis (the workers' `metrics` option): every instance's jobs.
        async collect() {
          this.reset();
          for (const queue of queues()) {
            this.inc({ queue: queue.name }, (await queue.getMetrics(state, 0, 0)).meta.count);
          }
        },
      });
    }
    this.#duration = new Histogram({
      name: 'yg_job_duration_seconds',
      help: 'Time one attempt of a job ran, by queue and outcome',
      labelNames: ['queue', 'status'],
      buckets: BUCKETS,
      registers,
    });
    this.#wait = new Histogram({
      name: 'yg_job_wait_seconds',
      help: 'Time from when a job could run (enqueued, plus its delay) to the start of its first attempt',
      labelNames: ['queue'],
      buckets: BUCKETS,
      registers,
    });
    this.#retries = new Counter({
      name: 'yg_job_retries_total',
      help: 'Attempts that failed and are retried',
      labelNames: ['queue'],
      registers,
    });
  }

  /** Observes every job this worker runs from now on. */
  observe(worker: Worker): void {
    const queue = worker.name;
    worker.on('active', (job: Job) => {
      // Later attempts wait for their backoff, which is the retry policy, not a queue backlog.
      if (job.attemptsStarted > 1 || !job.processedOn) return;
      const ready = job.timestamp + (job.opts.delay ?? 0);
      this.#wait.observe({ queue }, Math.max(0, job.processedOn - ready) / 1000);
    });
    worker.on('completed', (job: Job) => this.#attemptEnded(queue, job, 'completed'));
    worker.on('failed', (job: Job | undefined) => {
      if (!job) return;
      const willRetry = job.finishedOn === undefined && job.attemptsMade < (job.opts.attempts ?? 1);
      this.#attemptEnded(queue, job, willRetry ? 'retried' : 'failed');
      if (willRetry) this.#retries.inc({ queue });
    });
  }

  /** The exposition a scrape gets, in Prometheus text format. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #attemptEnded(queue: string, job: Job, status: 'completed' | 'failed' | 'retried'): void {
    if (!job.processedOn) return;
    const ended = job.finishedOn ?? Date.now();
    this.#duration.observe({ queue, status }, Math.max(0, ended - job.processedOn) / 1000);
  }
}
