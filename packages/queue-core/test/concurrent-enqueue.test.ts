import { defineContract } from '@yg/job-contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adminRedis, deleteKeys, testClient } from './fixtures';

const contract = defineContract({
  queue: 'test-concurrent-enqueue',
  name: 'noop',
  schema: z.strictObject({ n: z.number() }),
});
const client = testClient();
const redis = adminRedis();

afterAll(async () => {
  await client.close();
  await deleteKeys(redis, client.config.prefix);
});

describe('many enqueues while the client connects', () => {
  it('adds every job without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      // A fresh client: all of these wait for the same first connection.
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, n) => client.enqueue(contract, { n })),
      );
      expect(results.filter((r) => r.status === 'added')).toHaveLength(100);
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
