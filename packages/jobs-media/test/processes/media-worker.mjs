// A media worker in a process of its own, so that a test can kill it in the middle of a preview
// or measure its memory. Configured entirely by the environment: DATABASE_URL, REDIS_URL,
// BULLMQ_PREFIX, WORKER_*, STORAGE_DIR or STORAGE_S3_*, CLAMD_*, FFMPEG_PATH…
import { createDb } from '@yg/db';
import { createLogger, loadQueueConfig, QueueClient, Runtime } from '@yg/queue-core';
import { createMediaSetupFromEnv, mediaModule } from '../../dist/worker.js';

const config = loadQueueConfig();
const client = new QueueClient({ config, logger: createLogger({ level: config.logLevel }) });
const runtime = new Runtime({
  modules: [mediaModule],
  deps: { db: createDb(), ...createMediaSetupFromEnv() },
  client,
});
await runtime.start();
console.log('media worker ready');
