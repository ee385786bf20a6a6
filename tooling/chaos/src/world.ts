import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import { QueueClient, queueConfig } from '@yg/queue-core';
import type { PostgresServer } from './services/postgres-server';
import { type RedisPersistence, type RedisServer, redisServer } from './services/redis-server';
import { type CountingSmtpServer, countingSmtpServer } from './services/smtp-server';
import { startWorker, type WorkerProcess } from './worker-process';

/**
 * One scenario's world: a Redis of its own, a database of its own on the suite's PostgreSQL, a
 * counting SMTP server, a producer client, and the worker processes it starts.
 */
export interface World {
  readonly redis: RedisServer;
  readonly postgres: PostgresServer;
  readonly database: TestDatabase;
  readonly smtp: CountingSmtpServer;
  /** A producer, as a web app would hold one. */
  readonly client: QueueClient;
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  close(): Promise<void>;
}

export async function openWorld(
  name: string,
  postgres: PostgresServer,
  persistence: RedisPersistence = 'none',
): Promise<World> {
  const redis = await redisServer();
  await redis.start({ persistence });
  const database = await createTestDatabase({ adminUrl: postgres.url });
  const smtp = await countingSmtpServer();
  const prefix = `chaos-${name}`;
  // A producer waits at most a second for Redis: during a Redis outage it fails fast, and the
  // suite counts that enqueue as never acknowledged.
  const client = new QueueClient({
    config: queueConfig({ redisUrl: redis.url, prefix, connectTimeoutMs: 1000 }),
  });
  const workers: WorkerProcess[] = [];
  return {
    redis,
    postgres,
    database,
    smtp,
    client,
    async startWorker(env = {}) {
      const worker = await startWorker({
        redisUrl: redis.url,
        databaseUrl: database.url,
        smtpUrl: smtp.url,
        prefix,
        env,
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) {
        worker.signal('SIGKILL');
        await worker.exited;
      }
      await client.close();
      await smtp.close();
      await database.drop().catch(() => {});
      await redis.close();
    },
  };
}
