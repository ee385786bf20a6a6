// The search worker as production runs it, in a process of its own so that its memory is its own.
// DATABASE_URL, REDIS_URL and BULLMQ_PREFIX come from the environment.
import { readFileSync } from 'node:fs';
import { createDb } from '@yg/db';
import { searchModule } from '@yg/jobs-search/worker';
import { createLogger, loadQueueConfig, QueueClient, Runtime } from '@yg/queue-core';

const config = loadQueueConfig();
const client = new QueueClient({ config, logger: createLogger({ level: 'warn' }) });
const runtime = new Runtime({ modules: [searchModule], deps: { db: createDb() }, client });
await runtime.start();
// The bench asks for the peak resident memory (VmHWM) when it is done with us.
process.on('message', (message) => {
  if (message !== 'peak-rss') return;
  const kib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  process.send?.({ peakRssMiB: kib / 1024 });
});
process.send?.('ready');
