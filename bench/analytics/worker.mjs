// The analytics worker as production runs it, in a process of its own so that its memory is its
// own. DATABASE_URL, REDIS_URL and BULLMQ_PREFIX come from the environment.
import { createDb } from '@yg/db';
import { createAnalyticsModule, loadAnalyticsConfig } from '@yg/jobs-analytics/worker';
import { createLogger, loadQueueConfig, QueueClient, Runtime } from '@yg/queue-core';
import { peakRssMiB } from '../peak-rss.mjs';

const config = loadQueueConfig();
const client = new QueueClient({ config, logger: createLogger({ level: 'warn' }) });
const runtime = new Runtime({
  modules: [createAnalyticsModule(loadAnalyticsConfig())],
  deps: { db: createDb() },
  client,
});
await runtime.start();
// The bench asks for the peak resident memory (VmHWM) when it is done with us.
process.on('message', (message) => {
  if (message !== 'peak-rss') return;
  process.send?.({ peakRssMiB: peakRssMiB() });
});
process.on('SIGTERM', async () => {
  await runtime.shutdown({ timeoutMs: 10_000 });
  process.exit(0);
});
process.send?.('ready');
