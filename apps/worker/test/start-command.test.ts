import { describe, expect, it } from 'vitest';
import { descendants, isRunning, spawnInGroup } from './process-group';
import { database, testPrefix } from './worker-process';

// Exactly the README's quick-start command, signalled the way a supervisor signals it.
describe('pnpm start', () => {
  it('prints the worker, not the build, and stops it gracefully with exit 0 on SIGTERM to the pnpm process', async () => {
    const run = spawnInGroup('pnpm', ['start'], {
      DATABASE_URL: database.url,
      BULLMQ_PREFIX: testPrefix(),
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    let workers: number[] = [];
    try {
      await run.waitFor('worker running', 240_000);
      workers = descendants(run.pid, 'cli.js start');
      expect(workers).toHaveLength(1);
      // Human-readable lines, and the build kept quiet (a cache hit would otherwise replay tsup).
      expect(run.output()).toMatch(/INFO \(yg-worker\/\d+\): worker running/);
      expect(run.output()).not.toContain('Build success');

      process.kill(run.pid, 'SIGTERM'); // the process we started, not its group
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('workers stopped');
      expect(workers.filter(isRunning)).toEqual([]);
    } finally {
      for (const pid of workers.filter(isRunning)) process.kill(pid, 'SIGKILL');
      if (run.child.exitCode === null) process.kill(-run.pid, 'SIGKILL');
    }
  }, 300_000);
});
