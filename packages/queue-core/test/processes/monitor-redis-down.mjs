// What a dashboard or health check does while Redis is down: read counts and jobs, then close the
// client. Each read must fail in bounded time and the process must then exit on its own.
import { defineContract } from '@yg/job-contracts';
import { QueueClient, queueConfig } from '@yg/queue-core';
import { z } from 'zod';

const contract = defineContract({ queue: 'test-redis-down', name: 'noop', schema: z.strictObject({}) });
const client = new QueueClient({
  config: queueConfig({ redisUrl: process.env.REDIS_URL, connectTimeoutMs: 300 }),
});
const queue = client.queue(contract);
const calls = {
  getJobCounts: () => queue.getJobCounts(),
  getJob: () => queue.getJob('1'),
  getJobs: () => queue.getJobs(['waiting']),
};
for (const [name, call] of Object.entries(calls)) {
  const outcome = await call().then(
    () => 'resolved',
    (error) => error.name,
  );
  process.stdout.write(`${name}: ${outcome}\n`);
}
await client.close();
process.stdout.write('closed\n');
