import { allContracts, DEFAULT_JOB_OPTIONS, type JobContract } from '@yg/job-contracts';
import { type Job, MetricsTime, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import { getQueueClient } from './default-client';
import { logSafeError } from './log-safe-error';
import type { Logger } from './logger';
import type { QueueClient } from './queue-client';

export type JobProcessor<Data = unknown, Result = unknown> = (job: Job<Data, Result>) => Promise<Result>;

export interface CreateWorkerOptions
  extends Omit<WorkerOptions, 'connection' | 'prefix' | 'autorun' | 'concurrency'> {
  /**
   * Jobs run at once by this worker. `WORKER_CONCURRENCY`, when set, overrides it: it is the
   * operator's knob. @defaultValue 1
   */
  concurrency?: number;
  /** The client whose connection and config to use. @defaultValue the process's client */
  client?: QueueClient;
  /** @defaultValue the client's logger */
  logger?: Logger;
  /** Start taking jobs at once. @defaultValue true */
  autorun?: boolean;
}

/**
 * A BullMQ worker for a contract's queue (or a queue name from the seed), or `undefined` when
 * `ENABLE_WORKERS=false`. Each payload is checked against its contract before the processor
 * sees it: an invalid one fails at once with `UnrecoverableError`, never retried. Each job
 * leaves one structured log line with queue, job id, attempt and duration.
 */
export function createWorkerIfNotServerless<Result = unknown>(
  target: JobContract | string,
  // biome-ignore lint/suspicious/noExplicitAny: payloads are checked against the contract at run time, before the processor sees them.
  processor: JobProcessor<any, Result>,
  options: CreateWorkerOptions = {},
): Worker | undefined {
  const { client = getQueueClient(), logger: givenLogger, concurrency, ...workerOptions } = options;
  const { config } = client;
  const queueName = typeof target === 'string' ? target : target.queue;
  const logger = (givenLogger ?? client.logger).child({ queue: queueName });
  if (!config.enableWorkers) {
    logger.info('ENABLE_WORKERS=false: no worker created');
    return undefined;
  }
  const contracts = new Map(allContracts.filter((c) => c.queue === queueName).map((c) => [c.name, c]));
  if (typeof target !== 'string') contracts.set(target.name, target);

  const run = async (job: Job): Promise<Result> => {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    // Retrying cannot fix these: fail once, for good, and say why.
    const reject = (message: string) => {
      logger.error({ jobId: job.id, job: job.name, attempt, err: { message } }, 'job rejected');
      return new UnrecoverableError(message);
    };
    const contract = contracts.get(job.name);
    if (!contract && contracts.size > 0) throw reject(`Queue ${queueName} has no job named "${job.name}"`);
    if (contract) {
      try {
        job.data = contract.parse(job.data);
      } catch (invalid) {
        throw reject((invalid as Error).message);
      }
    }
    try {
      const result = await processor(job);
      logger.info(
        { jobId: job.id, job: job.name, attempt, ms: Math.round(performance.now() - started) },
        'job completed',
      );
      return result;
    } catch (error) {
      const final = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
      logger[final ? 'error' : 'warn'](
        {
          jobId: job.id,
          job: job.name,
          attempt,
          ms: Math.round(performance.now() - started),
          err: logSafeError(error),
          final,
        },
        final ? 'job failed' : 'job failed, will retry',
      );
      throw error;
    }
  };

  const worker = new Worker(queueName, run, {
    // Per-minute throughput kept for a week: the data behind the Prometheus endpoint.
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    // For jobs added without retention (by hand, by other tools): Redis memory stays bounded.
    removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete,
    removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    ...workerOptions,
    connection: client.workerConnection(),
    prefix: config.prefix,
    concurrency: config.workerConcurrency ?? concurrency ?? 1,
    autorun: options.autorun ?? true,
  });
  worker.on('error', (error) => logger.error({ err: logSafeError(error) }, 'worker error'));
  return worker;
}
