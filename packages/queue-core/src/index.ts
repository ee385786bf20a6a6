export { UnrecoverableError } from 'bullmq';
export { assertCatalogServed } from './catalog-coverage';
export type { Clock } from './clock';
export { systemClock } from './clock';
export { workerConcurrency } from './concurrency';
export type { QueueConfig } from './config';
export { loadQueueConfig, queueConfig } from './config';
export type { QueueConnection } from './connection';
export type { ContractQueueOptions, EnqueueResult } from './contract-queue';
export { ContractQueue } from './contract-queue';
export {
  closeQueueClient,
  enqueue,
  enqueueBulk,
  getQueueClient,
  lazyQueue,
  setQueueClient,
} from './default-client';
export type { Env } from './env';
export { envCount, readEnv } from './env';
export {
  ConfigError,
  DependencyDownError,
  EnqueueError,
  RedisUnavailableError,
  RetryLaterError,
} from './errors/index';
export type {
  ContractCatalog,
  ContractJob,
  CoreDeps,
  JobModule,
  Processor,
  ProcessorDefinition,
  ScheduleDefinition,
} from './job-module';
export { defineJobModule, processorsOf, schedulesOf } from './job-module';
export type { EnqueueOptions } from './job-options';
export type { LogSafeError } from './log-safe-error';
export { logSafeCopy, logSafeError, redactCredentials } from './log-safe-error';
export type { Logger } from './logger';
export { createLogger, silentLogger } from './logger';
export type { QueueCounts } from './monitoring';
export { getQueueCounts } from './monitoring';
export type { OutageClassifier } from './outage';
export { classifyOutages, outagePauseMs } from './outage';
export type { ProducerOptions } from './producer-options';
export { producerClient } from './producer-options';
export type { QueueClientOptions } from './queue-client';
export { QueueClient } from './queue-client';
export { QueueJob } from './queue-job';
export type { ClusterNode, RedisTarget } from './redis-target';
export { parseRedisClusterNodes, parseRedisUrl } from './redis-target';
export type { GroupHealth, RuntimeHealth, RuntimeOptions, ShutdownOptions, WorkerHealth } from './runtime';
export { Runtime } from './runtime';
export type { NamedSchedule, ScheduleSyncResult } from './schedules';
export { restoreSchedules, syncSchedules } from './schedules';
export type { CreateWorkerOptions, JobProcessor } from './worker';
export { createWorkerIfNotServerless } from './worker';
