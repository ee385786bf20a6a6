// Registers the given schedules from a process of its own, as a worker instance would at start.
import { defineContract } from '@yg/job-contracts';
import { QueueClient, queueConfig, silentLogger, syncSchedules } from '@yg/queue-core';
import { z } from 'zod';

const [prefix, ...patterns] = process.argv.slice(2);
const contract = defineContract({ queue: 'test-schedules', name: 'tick', schema: z.strictObject({}) });
const client = new QueueClient({
  config: queueConfig({
    redisUrl: process.env.REDIS_URL || undefined,
    redisClusterNodes: process.env.REDIS_CLUSTER_NODES || undefined,
    prefix,
  }),
});
await client.ready();
await syncSchedules(
  client,
  patterns.map((pattern, i) => ({ id: `tick-${i}`, schedule: { contract, pattern, payload: {} } })),
  [contract],
  silentLogger,
);
await client.close();
