// A worker process configured from the environment alone (REDIS_URL with a user and password,
// default LOG_LEVEL), as an operator would start it. Its one job fails with an error that carries
// the URL and an attached command, the way driver errors do.
import { defineContract } from '@yg/job-contracts';
import { createLogger, defineJobModule, loadQueueConfig, QueueClient, Runtime } from '@yg/queue-core';
import { z } from 'zod';

const contract = defineContract({
  queue: 'test-credentials',
  name: 'leaky',
  schema: z.strictObject({}),
  defaultJobOptions: { attempts: 1 },
});
const module = defineJobModule()({
  group: 'test',
  processors: {
    leaky: {
      contract,
      process: async () => {
        const url = process.env.REDIS_URL;
        throw Object.assign(new Error(`could not reach ${url}`), {
          command: { name: 'auth', args: [new URL(url).password] },
          cause: new AggregateError([Object.assign(new Error(`at ${url}`), { args: [url] })], 'all failed'),
        });
      },
    },
  },
});
const config = loadQueueConfig();
const client = new QueueClient({ config, logger: createLogger({ level: config.logLevel }) });
const runtime = new Runtime({ modules: [module], deps: {}, client });
await runtime.start();
process.stdout.write('ready\n');
