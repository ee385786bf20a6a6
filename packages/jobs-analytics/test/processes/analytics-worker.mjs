// An analytics worker in a process of its own, so that a test can kill it in the middle of a job.
// Configured entirely by the environment: DATABASE_URL, REDIS_URL, BULLMQ_PREFIX, WORKER_*.
import { createDb } from '@yg/db';
import { createLogger, loadQueueConfig, QueueClient, Runtime } from '@yg/queue-core';
import { createAnalyticsModule, loadAnalyticsConfig } from '../../dist/worker.js';

const config = loadQueueConfig();
const client = new QueueClient({ config, logger: createLogger({ level: config.logLevel }) });
const runtime = new Runtime({
  modules: [createAnalyticsModule(loadAnalyticsConfig())],
  deps: { db: createDb() },
  client,
});
await runtime.start();
console.log('analytics worker ready');
