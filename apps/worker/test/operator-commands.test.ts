import { deleteKeys, REDIS_URL, uniquePrefix } from '@yg/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, yg } from './operator-cli';

// Each test gets jobs in every state under a prefix of its own (the project shuffles tests), made
// with BullMQ directly (no worker process): `active` is a job taken by hand and never finished, so
// it stays active.
const Q = 'search-index-realtime';
const PAUSED = 'email-send';
const data = { entityType: 'asset', entityId: 'ast_1', operation: 'update' };
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
let env: Record<string, string>;
let queue: Queue;
let paused: Queue;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const prefix = uniquePrefix();
  env = { BULLMQ_PREFIX: prefix };
  queue = new Queue(Q, { connection, prefix });
  paused = new Queue(PAUSED, { connection, prefix });
  const sweep = new Queue('notification-sweep', { connection, prefix });
  const taker = new Worker(Q, null, { connection, prefix, autorun: false });
  cleanup = async () => {
    await taker.close(true);
    await Promise.all([queue.close(), paused.close(), sweep.close()]);
    await deleteKeys(connection, prefix);
  };
  const take = async (id: string) => {
    await queue.add('update', data, { jobId: id });
    const job = await taker.getNextJob('token');
    expect(job?.id).toBe(id);
    return job!;
  };
  await take('active-1');
  const failed1 = await take('failed-1');
  await failed1.log('resolving asset ast_1');
  await failed1.moveToFailed(new Error('search document rejected'), 'token', false);
  await (await take('failed-2')).moveToFailed(new Error('boom'), 'token', false);
  await (await take('completed-1')).moveToCompleted({ indexed: true }, 'token', false);
  await queue.add('update', data, { jobId: 'waiting-1' });
  await queue.add('update', data, { jobId: 'delayed-1', delay: 3_600_000 });
  await paused.add('send', { to: 'a@example.com' }, { jobId: 'paused-1' });
  await paused.pause();
  await sweep.upsertJobScheduler('notification-sweep', { pattern: '*/5 * * * *' }, { name: 'sweep' });
});

afterEach(() => cleanup());
afterAll(() => connection.quit());

interface Summary {
  queue: string;
  paused: boolean;
  counts: Record<string, number>;
}

// Each command is a process of its own, and a test runs several: generous on a loaded machine.
describe('yg-worker operator commands against jobs in every state', { timeout: 120_000 }, () => {
  it('queues: counts per state of every catalog queue, and which are paused', async () => {
    const run = await yg(['queues', '--json'], env);
    expect(run.code).toBe(0);
    const summaries = json<Summary[]>(run);
    expect(summaries.map((s) => s.queue)).toEqual(expect.arrayContaining([Q, PAUSED, 'blog-publishing']));
    expect(summaries.find((s) => s.queue === Q)).toEqual({
      queue: Q,
      paused: false,
      counts: { waiting: 1, active: 1, delayed: 1, prioritized: 0, completed: 1, failed: 2 },
    });
    expect(summaries.find((s) => s.queue === PAUSED)?.paused).toBe(true);

    const text = await yg(['queues'], env);
    expect(text.stdout).toMatch(new RegExp(`^${PAUSED} .* yes$`, 'm'));
  });

  it('job: state, data, attempts, failed reason and logs of one job', async () => {
    const run = await yg(['job', Q, 'failed-1', '--json'], env);
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({
      queue: Q,
      id: 'failed-1',
      name: 'update',
      state: 'failed',
      data,
      attemptsMade: 1,
      failedReason: 'search document rejected',
      logs: ['resolving asset ast_1'],
    });
    expect(json<{ state: string }>(await yg(['job', Q, 'active-1', '--json'], env)).state).toBe('active');
    expect(json<{ state: string }>(await yg(['job', Q, 'delayed-1', '--json'], env)).state).toBe('delayed');

    const missing = await yg(['job', Q, 'nope'], env);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain(`no job nope in queue ${Q}`);
  });

  it('failed: the failed jobs with their reasons, bounded by --limit', async () => {
    const run = await yg(['failed', Q, '--limit', '1', '--json'], env);
    expect(run.code).toBe(0);
    const result = json<{ total: number; jobs: { id: string; failedReason: string }[] }>(run);
    expect(result.total).toBe(2);
    expect(result.jobs).toHaveLength(1);
    expect(['failed-1', 'failed-2']).toContain(result.jobs[0]!.id);
    const text = await yg(['failed', Q], env);
    expect(text.stdout).toContain('search document rejected');
    expect(text.stdout).toContain('boom');
  });

  it('schedules: every job scheduler with its pattern and next run', async () => {
    const run = await yg(['schedules', '--json'], env);
    expect(run.code).toBe(0);
    const schedules = json<{ queue: string; id: string; pattern: string; next: string }[]>(run);
    expect(schedules).toEqual([
      expect.objectContaining({
        queue: 'notification-sweep',
        id: 'notification-sweep',
        pattern: '*/5 * * * *',
      }),
    ]);
    expect(new Date(schedules[0]!.next).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses an unknown queue with the list of known ones, and changes nothing', async () => {
    for (const args of [
      ['retry', 'serach-index-realtime', '--all'],
      ['pause', 'emial-send'],
    ]) {
      const run = await yg(args, env);
      expect(run.code).toBe(2);
      expect(run.output).toContain(`unknown queue "${args[1]}"; known queues: notification-delivery,`);
      expect(run.output).toContain(Q);
    }
    expect(await queue.getFailedCount()).toBe(2);
    expect(await queue.isPaused()).toBe(false);
  });

  it('retry: the ids given (saying which it could not retry), then --all', async () => {
    const run = await yg(['retry', Q, 'failed-1', 'waiting-1', 'ghost', '--json'], env);
    expect(run.code).toBe(1);
    expect(json(run)).toEqual({
      queue: Q,
      retried: ['failed-1'],
      skipped: [
        { id: 'waiting-1', reason: 'is waiting, not failed' },
        { id: 'ghost', reason: 'no such job' },
      ],
    });
    expect(await (await queue.getJob('failed-1'))!.getState()).toBe('waiting');

    const all = await yg(['retry', Q, '--all'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`retried 1 failed job(s) in ${Q}`);
    expect(await (await queue.getJob('failed-1'))!.getState()).toBe('waiting');
    expect(await queue.getFailedCount()).toBe(0);
    expect(await (await queue.getJob('failed-2'))!.getState()).toBe('waiting');
  });

  it('clean: deletes the jobs of one state past the grace period, and lists them', async () => {
    const kept = await yg(['clean', Q, '--grace', '24h', '--state', 'completed', '--json'], env);
    expect(json(kept)).toMatchObject({ removed: 0, ids: [] });
    expect(await queue.getCompletedCount()).toBe(1);

    const run = await yg(['clean', Q, '--grace', '0s', '--state', 'completed'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`removed 1 completed job(s) older than 0s from ${Q}: completed-1`);
    expect(await queue.getJob('completed-1')).toBeUndefined();

    const bad = await yg(['clean', Q, '--grace', 'a day'], env);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--grace: "a day" is not a duration');
  });

  it('pause and resume: say what changed', async () => {
    const run = await yg(['pause', Q, '--json'], env);
    expect(json(run)).toEqual({ queue: Q, paused: true, wasPaused: false });
    expect(await queue.isPaused()).toBe(true);
    expect((await yg(['pause', Q], env)).stdout).toContain(`${Q} was already paused`);
    const resumed = await yg(['resume', Q], env);
    expect(resumed.stdout).toContain(`resumed ${Q}`);
    expect(await queue.isPaused()).toBe(false);
  });

  it('obliterate: refused without --force, refused with active jobs, then deletes everything', async () => {
    const before = await queue.getJobCounts();
    const unforced = await yg(['obliterate', Q], env);
    expect(unforced.code).toBe(2);
    expect(unforced.output).toContain('nothing was changed. Add --force');
    const active = await yg(['obliterate', Q, '--force'], env);
    expect(active.code).toBe(2);
    expect(active.output).toContain(`${Q} has 1 active job(s); nothing was changed`);
    expect(await queue.getJobCounts()).toEqual(before);

    const run = await yg(['obliterate', Q, '--force', '--include-active', '--json'], env);
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({ queue: Q, obliterated: true, removed: { active: 1, delayed: 1 } });
    const after = await queue.getJobCounts();
    expect(Object.values(after).every((n) => n === 0)).toBe(true);
    expect(await paused.getJob('paused-1')).toBeDefined();
  });

  it('says clearly that Redis cannot be reached, instead of hanging', async () => {
    const run = await yg(['queues', '--json'], {
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_CONNECT_TIMEOUT_MS: '500',
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain('Redis at 127.0.0.1:1 is unreachable');
    expect(run.stdout).toBe('');
  });
});
