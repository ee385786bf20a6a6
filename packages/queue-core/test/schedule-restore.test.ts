import { defineContract } from '@yg/job-contracts';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJobModule, QueueClient, queueConfig, Runtime } from '../src/index';
import { adminRedis, deleteKeys, TEST_REDIS, uniquePrefix, until } from './fixtures';

const redis = adminRedis();
const prefix = uniquePrefix();

afterAll(async () => {
  await deleteKeys(redis, prefix);
});

describe('declared schedules while the worker runs', () => {
  it('come back after Redis loses them, and the worker says so', async () => {
    const lines: { msg?: string; restored?: string[] }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const client = new QueueClient({
      config: queueConfig({ ...TEST_REDIS, prefix, scheduleCheckIntervalMs: 100 }),
      logger,
    });
    const contract = defineContract({ queue: 'test-restore', name: 'tick', schema: z.strictObject({}) });
    const runtime = new Runtime({
      modules: [
        defineJobModule()({
          group: 'ticks',
          processors: { tick: { contract, process: async () => {} } },
          schedules: { nightly: { contract, pattern: '0 3 * * *', payload: {} } },
        }),
      ],
      deps: {},
      client,
    });
    await runtime.start();
    const queue = client.queue(contract);
    try {
      expect(await queue.getJobScheduler('nightly')).toMatchObject({ pattern: '0 3 * * *' });
      // As a restart without persistence does to every key (and `obliterate` to the queue's).
      await queue.obliterate({ force: true });
      // Not read back here: the check runs every 100 ms and may have restored it already. That it
      // was gone is told by the "restored" line below, which the check writes only for a
      // schedule it found missing.
      const back = await until(() => queue.getJobScheduler('nightly'), 10_000, 'the schedule to return');
      expect(back).toMatchObject({ pattern: '0 3 * * *', tz: 'UTC' });
      expect(await queue.getDelayedCount()).toBe(1);
      await until(() => lines.find((l) => l.msg?.includes('restored')), 5000, 'the log line');
      expect(lines.find((l) => l.msg?.includes('restored'))?.restored).toEqual(['test-restore/nightly']);
    } finally {
      await runtime.shutdown({ timeoutMs: 5000 });
    }
  });
});
