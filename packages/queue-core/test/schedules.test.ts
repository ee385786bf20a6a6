import { defineContract } from '@yg/job-contracts';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import { silentLogger, syncSchedules } from '../src/index';
import { queueTest as it } from './fixtures';
import { runProcess } from './process';

const contract = defineContract({ queue: 'test-schedules', name: 'tick', schema: z.strictObject({}) });
const twoSchedules = [
  { id: 'daily', schedule: { contract, pattern: '0 9 * * *', payload: {} } },
  { id: 'weekly', schedule: { contract, pattern: '0 9 * * 1', payload: {} } },
];

describe('job schedules', () => {
  it('registering twice leaves one scheduler per job, in UTC', async ({ client }) => {
    const queue = client.queue(contract);
    await syncSchedules(client, twoSchedules, [contract], silentLogger);
    await syncSchedules(client, twoSchedules, [contract], silentLogger);
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([
      ['daily', '0 9 * * *', 'UTC'],
      ['weekly', '0 9 * * 1', 'UTC'],
    ]);
    // One upcoming job per scheduler, not one per registration.
    expect(await queue.getDelayedCount()).toBe(2);
    const next = await queue.getJobScheduler('daily');
    expect(new Date(next!.next!).getUTCHours()).toBe(9);
  });

  it('removes schedulers that are no longer declared and updates changed patterns', async ({ client }) => {
    const queue = client.queue(contract);
    await syncSchedules(client, twoSchedules, [contract], silentLogger);

    await syncSchedules(
      client,
      [{ id: 'daily', schedule: { contract, pattern: '30 8 * * *', payload: {} } }],
      [contract],
      silentLogger,
    );
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map((s) => [s.key, s.pattern])).toEqual([['daily', '30 8 * * *']]);
    expect(await queue.getDelayedCount()).toBe(1);
  });

  it('registering from several processes at once leaves exactly one scheduler per job', async ({
    client,
    prefix,
  }) => {
    const queue = client.queue(contract);
    const runs = Array.from({ length: 4 }, () =>
      runProcess('register-schedules.mjs', [prefix, '0 9 * * *', '0 4 * * 1']),
    );
    const exits = await Promise.all(runs.map((r) => r.exited));
    expect(
      exits.map((e) => e.code),
      runs.map((r) => r.output()).join('\n'),
    ).toEqual([0, 0, 0, 0]);
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map((s) => [s.key, s.pattern]).sort()).toEqual([
      ['tick-0', '0 9 * * *'],
      ['tick-1', '0 4 * * 1'],
    ]);
    expect(await queue.getDelayedCount()).toBe(2);
  });
});
