// No-op job throughput: queue-core's worker (payload validation, logging at the default level,
// BullMQ metrics) against a raw BullMQ worker on the same Redis, same jobs, same concurrency.
import { compare, median, type Row } from '@yg/bench-harness';
import { createWorkerIfNotServerless, QueueClient, queueConfig } from '@yg/queue-core';
import { Queue, Worker } from 'bullmq';
import { pino } from 'pino';
import { benchPrefix, dropPrefix, REDIS_URL, rawConnection } from '../redis';
import { benchJob, payload } from './contracts';

async function fill(queue: Queue, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1000) {
    const n = Math.min(1000, count - i);
    await queue.addBulk(
      Array.from({ length: n }, (_, k) => ({
        name: benchJob.name,
        data: payload(i + k),
        opts: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
      })),
    );
  }
}

/**
 * Jobs per second for `count` pre-filled jobs, from worker start to the last completion; pushes
 * this process's CPU time per job (µs) to `cpu` — steadier than the rate on a shared machine.
 */
async function drain(
  count: number,
  start: (onJob: () => void) => Worker,
  queue: Queue,
  cpu: number[],
): Promise<number> {
  await fill(queue, count);
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const worker = start(() => {
    done++;
    if (done === count) finish();
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuBefore);
  cpu.push((used.user + used.system) / count);
  await worker.close();
  return count / seconds;
}

/** µs the contract's validation takes per payload, timed alone. */
function validationMicros(): number {
  const payloads = Array.from({ length: 20_000 }, (_, i) => payload(i));
  for (const p of payloads.slice(0, 2000)) benchJob.parse(p);
  const started = performance.now();
  for (const p of payloads) benchJob.parse(p);
  return ((performance.now() - started) * 1000) / payloads.length;
}

export async function workerThroughput(): Promise<Row[]> {
  const admin = rawConnection();
  const rows: Row[] = [];
  // Our worker logs at production's default level (info: failures and retries, not completions),
  // to a sink instead of a terminal.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  for (const [concurrency, count, rounds] of [
    // Enough jobs that one round lasts a second or more: shorter rounds were mostly noise.
    [1, 10_000, 5],
    [32, 20_000, 5],
  ] as const) {
    const oursPrefix = benchPrefix('ours');
    const rawPrefix = benchPrefix('raw');
    const client = new QueueClient({
      config: queueConfig({ redisUrl: REDIS_URL, prefix: oursPrefix }),
      logger,
    });
    const oursQueue = new Queue(benchJob.queue, { connection: admin, prefix: oursPrefix });
    const rawQueue = new Queue(benchJob.queue, { connection: admin, prefix: rawPrefix });
    const rawWorkerConnection = rawConnection();
    const oursCpu: number[] = [];
    const rawCpu: number[] = [];
    const result = await compare(
      rounds,
      () =>
        drain(
          count,
          (onJob) =>
            createWorkerIfNotServerless(
              benchJob,
              async () => {
                onJob();
              },
              { client, concurrency, logger },
            )!,
          oursQueue,
          oursCpu,
        ),
      () =>
        drain(
          count,
          (onJob) =>
            new Worker(
              benchJob.queue,
              async () => {
                onJob();
              },
              { connection: rawWorkerConnection, prefix: rawPrefix, concurrency },
            ),
          rawQueue,
          rawCpu,
        ),
    );
    rows.push({
      name: `no-op worker, concurrency ${concurrency} (${count.toLocaleString('en-US')} jobs)`,
      ours: result.ours,
      raw: result.raw,
      unit: 'jobs/s',
      goal: 0.95,
      note:
        `CPU of this process per job: ours ${median(oursCpu).toFixed(0)} µs, raw ${median(rawCpu).toFixed(0)} µs; ` +
        `payload validation alone ${validationMicros().toFixed(1)} µs a job; BullMQ's metrics (on for ours) ` +
        'run inside Redis, in the script that completes a job',
    });
    await Promise.all([oursQueue.close(), rawQueue.close(), client.close()]);
    rawWorkerConnection.disconnect();
    await dropPrefix(admin, oursPrefix);
    await dropPrefix(admin, rawPrefix);
  }
  admin.disconnect();
  return rows;
}
