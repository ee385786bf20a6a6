import {
  contractOfQueue,
  DEFAULT_JOB_OPTIONS,
  type JobContract,
  type Payload,
  type QueuePayload,
} from '@yg/job-contracts';
import { DelayedError, type Job, MetricsTime, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import { workerConcurrency } from './concurrency';
import { ContractWorker } from './contract-worker';
import { getQueueClient } from './default-client';
import { RetryLaterError } from './errors/retry-later-error';
import type { ContractJob } from './job-module';
import { logSafeError, redactCredentials } from './log-safe-error';
import type { Logger } from './logger';
import { type OutageClassifier, outageOf, outagePauseMs } from './outage';
import type { QueueClient } from './queue-client';
import type { QueueJob } from './queue-job';

export type JobProcessor<Data = unknown, Result = unknown> = (job: Job<Data, Result>) => Promise<Result>;

export interface CreateWorkerOptions
  extends Omit<WorkerOptions, 'connection' | 'prefix' | 'autorun' | 'concurrency'> {
  /**
   * Jobs run at once by this worker. `WORKER_CONCURRENCY_<QUEUE>` and then `WORKER_CONCURRENCY`,
   * when set, override it: they are the operator's knobs. @defaultValue 1
   */
  concurrency?: number;
  /** One job at a time, whatever the overrides say (jobs that must not overlap). @defaultValue false */
  serial?: boolean;
  /**
   * Recognises errors that mean a dependency is down (PostgreSQL, SMTP). Such a job is put back
   * without spending an attempt and the queue pauses, with a growing pause, until a job gets
   * through: an outage delays work, it fails none. A processor may also throw
   * `DependencyDownError` itself.
   */
  isOutage?: OutageClassifier;
  /** The client whose connection and config to use. @defaultValue the process's client */
  client?: QueueClient;
  /** @defaultValue the client's logger */
  logger?: Logger;
  /** Start taking jobs at once. @defaultValue true */
  autorun?: boolean;
}

/**
 * A BullMQ worker for a contract's queue (or a queue's name), or `undefined` when
 * `ENABLE_WORKERS=false`. Each payload is checked against its contract before the processor
 * sees it: an invalid one fails at once with `UnrecoverableError`, never retried. A failed or
 * retried job leaves a structured line at warn or error with queue, job id, attempt and duration;
 * a completed one the same line at debug (`LOG_LEVEL=debug`).
 */
export function createWorkerIfNotServerless<C extends JobContract, Result = unknown>(
  contract: C,
  processor: (job: ContractJob<C, Result>) => Promise<Result>,
  options?: CreateWorkerOptions,
): Worker<Payload<C>, Result> | undefined;
/** A catalog queue's name types the payload as its contract's; any other name gives `unknown`. */
export function createWorkerIfNotServerless<Q extends string, Result = unknown>(
  queue: Q,
  processor: (job: Job<QueuePayload<Q>, Result>) => Promise<Result>,
  options?: CreateWorkerOptions,
): Worker<QueuePayload<Q>, Result> | undefined;
export function createWorkerIfNotServerless<Result>(
  target: JobContract | string,
  processor: (job: Job<never, Result>) => Promise<Result>,
  options: CreateWorkerOptions = {},
): Worker | undefined {
  const {
    client = getQueueClient(),
    logger: givenLogger,
    concurrency,
    serial,
    isOutage,
    ...workerOptions
  } = options;
  const { config } = client;
  const queueName = typeof target === 'string' ? target : target.queue;
  const logger = (givenLogger ?? client.logger).child({ queue: queueName });
  if (!config.enableWorkers) {
    logger.info('ENABLE_WORKERS=false: no worker created');
    return undefined;
  }
  const contract: JobContract | undefined = typeof target === 'string' ? contractOfQueue(target) : target;
  // Consecutive jobs of this worker put back for an outage; 0 once a job gets through.
  let outages = 0;

  const run = async (job: Job, token?: string): Promise<Result> => {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    // Retrying cannot fix these: fail once, for good, and say why.
    const reject = (message: string) => {
      logger.error({ jobId: job.id, job: job.name, attempt, err: { message } }, 'job rejected');
      return new UnrecoverableError(message);
    };
    const { corrupt } = job as QueueJob;
    if (corrupt) throw reject(`Job ${job.id} on queue ${queueName} cannot run: ${corrupt}`);
    if (contract && job.name !== contract.name) {
      throw reject(`Queue ${queueName} has no job named "${job.name}" (its job: "${contract.name}")`);
    }
    if (contract) {
      try {
        job.data = contract.parse(job.data);
      } catch (invalid) {
        throw reject((invalid as Error).message);
      }
    }
    try {
      const result = await processor(job as Job<never, Result>);
      if (outages > 0) {
        logger.info({ jobId: job.id }, 'dependency answers again: queue resumed');
        outages = 0;
      }
      // At debug: a JSON line per job cost ~30% of a fast queue's throughput, and completions are
      // counted and timed by the metrics (`bullmq_job_completed_total`, `yg_job_duration_seconds`).
      // Failures, retries and rejections stay at warn and error.
      logger.debug(
        { jobId: job.id, job: job.name, attempt, ms: Math.round(performance.now() - started) },
        'job completed',
      );
      return result;
    } catch (error) {
      // BullMQ stores the message and stack as the job's failedReason and stacktrace, which the
      // dashboard and the CLI show: a credential in a library's message must not get there.
      if (error instanceof Error) {
        error.message = redactCredentials(error.message);
        if (error.stack) error.stack = redactCredentials(error.stack);
      }
      const down = outageOf(error, isOutage);
      if (down) {
        outages++;
        const pauseMs = outagePauseMs(outages);
        // Once per outage at warn; the probes that follow at debug, so a long outage is one line.
        logger[outages === 1 ? 'warn' : 'debug'](
          { jobId: job.id, job: job.name, dependency: down, pauseMs, err: error },
          `${down} unavailable: job put back, queue paused`,
        );
        // BullMQ's manual rate limit: the queue takes no job for pauseMs, across every worker, and
        // the job returns to waiting with its attempts untouched.
        await (contract ? client.queue(contract).rateLimit(pauseMs) : worker.rateLimit(pauseMs));
        throw Worker.RateLimitError();
      }
      if (error instanceof RetryLaterError) {
        logger.info({ jobId: job.id, job: job.name, attempt, delayMs: error.delayMs }, error.message);
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        // BullMQ's signal that the job was moved, not failed: no attempt is counted.
        throw new DelayedError();
      }
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

  const worker = new ContractWorker(queueName, run, {
    // Per-minute throughput kept for a week: the data behind the Prometheus endpoint.
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    // For jobs added without retention (by hand, by other tools): Redis memory stays bounded.
    removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete,
    removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    ...workerOptions,
    connection: client.workerConnection(),
    prefix: config.prefix,
    concurrency: workerConcurrency(config, queueName, { concurrency, serial }),
    autorun: options.autorun ?? true,
  });
  worker.on('error', (error) => {
    // Past a shutdown deadline the connections close under jobs still running, and BullMQ's next
    // lock renewal reports it: expected then, so not an error line on every such stop.
    const afterDeadline = worker.closing !== undefined && error.message === 'Connection is closed.';
    logger[afterDeadline ? 'debug' : 'error']({ err: logSafeError(error) }, 'worker error');
  });
  return worker;
}
