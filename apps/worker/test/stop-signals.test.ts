import { queueSearchIndexUpdate } from '@yg/jobs-search';
import { QueueClient, queueConfig } from '@yg/queue-core';
import { until } from '@yg/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SAME_REQUEST_MS } from '../src/stop-signals';
import { descendants, spawnInGroup } from './process-group';
import { database, start, testPrefix, waitForOutput } from './worker-process';

describe('stop signals', () => {
  it('forces the exit on a second SIGTERM during a graceful stop that waits for a job', async () => {
    const prefix = testPrefix();
    const client = new QueueClient({ config: queueConfig({ prefix }) });
    // The job's first query waits on this lock, so the graceful stop waits for as long as we hold it.
    const locker = new pg.Client({ connectionString: database.url });
    // Dropping the database at the end ends this session too; that is no failure of the test.
    locker.on('error', () => {});
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE ip_assets IN ACCESS EXCLUSIVE MODE');
    try {
      await queueSearchIndexUpdate('asset', 'ast_held_by_a_lock', 'update', { client });
      const run = start(['start'], {
        BULLMQ_PREFIX: prefix,
        WORKER_HTTP_PORT: '0',
        SHUTDOWN_TIMEOUT_MS: '600000',
      });
      await waitForOutput(run, 'worker running');
      const queue = client.queue('search-index-realtime');
      await until(
        async () => (await queue.getJobCounts('active')).active === 1,
        20_000,
        'the job to be active',
      );

      run.child.kill('SIGTERM');
      await waitForOutput(run, 'shutting down');
      // Longer than a repeat of the same request may take; the first signal came before the log line.
      await new Promise((resolve) => setTimeout(resolve, SAME_REQUEST_MS + 500));
      expect(run.output()).not.toContain('workers stopped');
      run.child.kill('SIGTERM');

      expect(await run.exited).toBe(143);
      expect(run.output()).toContain('SIGTERM again during the graceful stop: forced exit');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
      await client.close();
    }
  });

  it('takes Ctrl-C to the whole group, forwarded by the --instances supervisor as well, as one request', async () => {
    const run = spawnInGroup('node', ['apps/worker/dist/cli.js', 'start', '--instances', '2'], {
      DATABASE_URL: database.url,
      BULLMQ_PREFIX: testPrefix(),
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    try {
      await until(() => run.output().split('worker running').length - 1 === 2, 30_000, 'two instances');
      expect(descendants(run.pid, 'cli.js')).toHaveLength(2);
      process.kill(-run.pid, 'SIGINT'); // what the terminal does on Ctrl-C
      expect(await run.exited).toBe(0);
      expect(run.output().split('workers stopped').length - 1).toBe(2);
      expect(run.output()).not.toContain('forced');
    } finally {
      if (run.child.exitCode === null) process.kill(-run.pid, 'SIGKILL');
    }
  });
});
