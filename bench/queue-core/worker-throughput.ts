// No-op job throughput: queue-core's worker (payload validation, structured log line per job,
// BullMQ metrics) against a raw BullMQ worker on the same Redis, same jobs, same concurrency.
import { compare, type Row } from '@yg/bench-harness';
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

/** Jobs per second for `count` pre-filled jobs, from worker start to the last completion. */
async function drain(count: number, start: (onJob: () => void) => Worker, queue: Queue): Promise<number> {
  await fill(queue, count);
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = performance.now();
  const worker = start(() => {
    done++;
    if (done === count) finish();
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  return count / seconds;
}

export async function workerThroughput(): Promise<Row[]> {
  const admin = rawConnection();
  const rows: Row[] = [];
  // Our worker writes its per-job log line as in production, to a sink instead of a terminal.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  for (const [concurrency, count, rounds] of [
    [1, 3000, 3],
    [32, 10_000, 3],
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
        ),
    );
    rows.push({
      name: `no-op worker, concurrency ${concurrency} (${count.toLocaleString('en-US')} jobs)`,
      ours: result.ours,
      raw: result.raw,
      unit: 'jobs/s',
      goal: 0.9,
    });
    await Promise.all([oursQueue.close(), rawQueue.close(), client.close()]);
    rawWorkerConnection.disconnect();
    await dropPrefix(admin, oursPrefix);
    await dropPrefix(admin, rawPrefix);
  }
  admin.disconnect();
  return rows;
}
