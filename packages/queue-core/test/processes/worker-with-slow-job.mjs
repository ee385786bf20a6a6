// A worker process: one slow job processor, graceful shutdown on SIGTERM and nothing else.
// It must then exit on its own: any connection or timer left open would keep it alive.
import { defineContract } from '@yg/job-contracts';
import { createLogger, defineJobModule, QueueClient, queueConfig, Runtime } from '@yg/queue-core';
import { z } from 'zod';

const [prefix, jobMs, shutdownMs = '20000'] = process.argv.slice(2);
const contract = defineContract({
  queue: 'test-shutdown',
  name: 'slow',
  schema: z.strictObject({ id: z.string() }),
});
const module = defineJobModule()({
  group: 'test',
  processors: {
    slow: {
      contract,
      process: async (job) => {
        process.stdout.write(`started ${job.data.id}\n`);
        await new Promise((resolve) => setTimeout(resolve, Number(jobMs)));
        process.stdout.write(`finished ${job.data.id}\n`);
        return { ok: true };
      },
    },
  },
});
const client = new QueueClient({
  config: queueConfig({
    redisUrl: process.env.REDIS_URL || undefined,
    redisClusterNodes: process.env.REDIS_CLUSTER_NODES || undefined,
    prefix,
  }),
  logger: createLogger({ level: 'warn' }),
});
const runtime = new Runtime({ modules: [module], deps: {}, client });
process.once('SIGTERM', () => {
  runtime.shutdown({ timeoutMs: Number(shutdownMs) }).then(() => process.stdout.write('stopped\n'));
});
await runtime.start();
process.stdout.write('ready\n');
