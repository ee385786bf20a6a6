import { connect, createServer, type Socket } from 'node:net';
import { defineContract } from '@yg/job-contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QueueClient, queueConfig, RedisUnavailableError } from '../src/index';
import { adminRedis, deleteKeys, uniquePrefix, until } from './fixtures';

const redis = adminRedis();
const prefix = uniquePrefix();

afterAll(async () => {
  await deleteKeys(redis, prefix);
});

/**
 * A TCP relay to the test Redis that goes down, as a network or a Redis host would: once it has
 * relayed a given number of bytes of replies it cuts every connection in the middle of the reply
 * stream, so commands on their way are lost mid-flight, however the replies are split into chunks.
 * `downAfter` then refuses new connections until `up()` listens again on the same port; `blipAfter`
 * accepts the reconnect at once.
 */
async function relay() {
  const sockets = new Set<Socket>();
  let budget = Number.POSITIVE_INFINITY;
  let refuse = true;
  let cuts = 0;
  const server = createServer((inbound) => {
    const outbound = connect(6379, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.pipe(outbound);
    outbound.on('end', () => inbound.end());
    outbound.on('data', (chunk: Buffer) => {
      if (chunk.length <= budget) {
        budget -= chunk.length;
        inbound.write(chunk);
        return;
      }
      if (budget > 0) inbound.write(chunk.subarray(0, budget));
      budget = Number.POSITIVE_INFINITY;
      down();
    });
  });
  const listen = (port = 0) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const down = () => {
    cuts++;
    if (refuse) server.close();
    for (const socket of sockets) socket.destroy();
  };
  await listen();
  const { port } = server.address() as { port: number };
  return {
    port,
    get cuts() {
      return cuts;
    },
    downAfter: (bytes: number) => {
      budget = bytes;
      refuse = true;
    },
    blipAfter: (bytes: number) => {
      budget = bytes;
      refuse = false;
    },
    up: () => listen(port),
    close: () =>
      new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

describe('Redis going away under a producer', () => {
  it('rejects the enqueues it interrupted with RedisUnavailableError naming host:port, and adds none twice', async () => {
    const proxy = await relay();
    const client = new QueueClient({
      config: queueConfig({ redisUrl: `redis://127.0.0.1:${proxy.port}`, prefix, connectTimeoutMs: 500 }),
    });
    // No deduplication: a resent add must still not create a second job.
    const contract = defineContract({
      queue: 'test-drop',
      name: 'noop',
      schema: z.strictObject({ i: z.number() }),
    });
    try {
      await client.enqueue(contract, { i: -1 });
      proxy.downAfter(0);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 500 }, (_, i) => client.enqueue(contract, { i })),
      );
      const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error).toBeInstanceOf(RedisUnavailableError);
        expect(error.message).toContain(`127.0.0.1:${proxy.port}`);
      }
      // Back up: the same client enqueues again, and no payload was added twice.
      await proxy.up();
      await until(async () => (await client.enqueue(contract, { i: 1000 }).catch(() => undefined))?.status);
      const jobs = await client.queue(contract).getJobs(['waiting'], 0, -1);
      const payloads = jobs.map((job) => job.data.i);
      expect(new Set(payloads).size).toBe(payloads.length);
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  it('never adds a job twice when the connection blips with adds on their way', async () => {
    const proxy = await relay();
    const client = new QueueClient({
      config: queueConfig({ redisUrl: `redis://127.0.0.1:${proxy.port}`, prefix, connectTimeoutMs: 2000 }),
    });
    const contract = defineContract({
      queue: 'test-blip',
      name: 'noop',
      schema: z.strictObject({ i: z.number() }),
    });
    try {
      await client.enqueue(contract, { i: -1 });
      // Past the first few replies (each a job id, a few bytes): most adds are still on their way.
      proxy.blipAfter(40);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 500 }, (_, i) => client.enqueue(contract, { i })),
      );
      expect(proxy.cuts).toBe(1);
      const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
      expect(rejected.length).toBeGreaterThan(0);
      for (const error of rejected) expect(error).toBeInstanceOf(RedisUnavailableError);
      // The connection is back once an enqueue goes through again.
      await until(async () => (await client.enqueue(contract, { i: 1000 }).catch(() => undefined))?.status);
      const jobs = await client.queue(contract).getJobs(['waiting'], 0, -1);
      const payloads = jobs.map((job) => job.data.i);
      // A reply lost with the connection must not make ioredis send the add again.
      expect(payloads.length - new Set(payloads).size).toBe(0);
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});
