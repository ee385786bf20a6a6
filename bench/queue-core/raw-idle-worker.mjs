// The raw side of the idle-worker benchmark: a plain Node process with a BullMQ Worker on each
// queue yg-worker serves (same prefix, one connection each), and nothing else.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [prefix, ...queues] = process.argv.slice(2);
const workers = queues.map(
  (queue) =>
    new Worker(queue, async () => {}, {
      connection: new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
        maxRetriesPerRequest: null,
      }),
      prefix,
    }),
);
await Promise.all(workers.map((w) => w.waitUntilReady()));
process.send?.({ ready: true });
process.on('message', async () => {
  await Promise.all(workers.map((w) => w.close()));
  process.exit(0);
});
