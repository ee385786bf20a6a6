import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { queueSearchIndexUpdate } from '@yg/jobs-search';
import { QueueClient, queueConfig } from '@yg/queue-core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { database, freePort, start, testPrefix, waitForOutput } from './worker-process';

describe('yg-worker start', () => {
  it('serves liveness and readiness, then exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const run = start(['start'], { WORKER_HTTP_PORT: String(port) });
    await waitForOutput(run, 'worker running');
    const live = await fetch(`http://127.0.0.1:${port}/livez`);
    expect(live.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ ready: true });
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ healthy: true, redis: { healthy: true }, postgres: { healthy: true } });
    expect(health.search).toEqual({
      healthy: true,
      workers: ['search-index-realtime', 'search-index-bulk', 'search-reindex'].map((queue) =>
        expect.objectContaining({ queue, running: true }),
      ),
    });
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('workers stopped');
  });

  it('runs N instances with --instances and stops them all on SIGINT', async () => {
    const run = start(['start', '--', '--instances', '2'], { WORKER_HTTP_PORT: '0' });
    await waitForOutput(run, 'worker running', 2);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output().split('workers stopped').length - 1).toBe(2);
  });

  it('is not ready while PostgreSQL is unreachable', async () => {
    const port = await freePort();
    const run = start(['start'], {
      WORKER_HTTP_PORT: String(port),
      DATABASE_URL: 'postgresql://postgres:hunter2@127.0.0.1:1/nowhere',
    });
    await waitForOutput(run, 'worker running');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).text();
    expect(JSON.parse(health)).toMatchObject({ healthy: false, postgres: { healthy: false } });
    expect(health).not.toContain('hunter2');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('with --migrate, creates a missing database and applies the migrations before starting', async () => {
    const name = `yg_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const url = database.url.replace(/\/[^/]*$/, `/${name}`);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const run = start(['start', '--migrate'], { WORKER_HTTP_PORT: '0', DATABASE_URL: url });
      await waitForOutput(run, 'worker running');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('created the database');
      const migrated = new pg.Client({ connectionString: url });
      await migrated.connect();
      const { rows } = await migrated.query(
        'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      await migrated.end();
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('fails on a taken HTTP port before any worker takes a job, naming the address and WORKER_HTTP_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const prefix = testPrefix();
    const client = new QueueClient({ config: queueConfig({ prefix }) });
    try {
      const { jobId } = await queueSearchIndexUpdate('asset', 'ast_waiting', 'update', { client });
      const run = start(['start'], { BULLMQ_PREFIX: prefix, WORKER_HTTP_PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`WORKER_HTTP_PORT: 127.0.0.1:${port} is already in use`);
      expect(run.output()).toContain('set WORKER_HTTP_PORT to a free port, or 0');
      expect(run.output()).not.toContain('Worker started');
      const job = await client.queue('search-index-realtime').getJob(jobId);
      expect(await job?.getState()).toBe('waiting');
    } finally {
      await client.close();
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses a bad environment variable by name, without echoing secrets', async () => {
    const run = start(['start'], { REDIS_URL: 'http://:hunter2@localhost', WORKER_HTTP_PORT: '0' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/REDIS_URL: must start with redis:\/\//);
    expect(run.output()).not.toContain('hunter2');
  });

  it('refuses a --queues name that no module serves', async () => {
    const run = start(['start', '--queues', 'serach'], { WORKER_HTTP_PORT: '0' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('--queues: no queue or group named serach');
  });

  it('refuses a bad --instances', async () => {
    const run = start(['start', '--instances', 'many'], { WORKER_HTTP_PORT: '0' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('--instances: must be a whole number');
  });
});
