import { execFile } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deleteKeys, REDIS_URL, uniquePrefix } from '@yg/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;

// What a container image copies: `pnpm --filter @yg/worker deploy --prod <dir>` (the root's
// `pnpm deploy:worker <dir>` builds first; `pnpm test` has built already).
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'yg-worker-deploy-')));
  await exec('pnpm', ['--filter', '@yg/worker', 'deploy', '--prod', join(dir, 'app')], {
    cwd: root,
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  dir = join(dir, 'app');
}, 250_000);

afterAll(async () => {
  if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
});

/** Plain `node` in the deployed folder, with nothing of the workspace on its way. */
function node(args: string[], env: Record<string, string> = {}) {
  return exec(process.execPath, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', REDIS_URL, ...env },
    timeout: 60_000,
  });
}

describe('the deployed worker folder', () => {
  it('runs the command with node alone', async () => {
    const { stdout } = await node(['dist/cli.js', '--help']);
    expect(stdout).toContain('Usage: yg-worker');
    expect(stdout).toMatch(/^ {2}schedules \[options\] /m);
  });

  it('holds its own copies of the @yg packages, not links into the workspace', async () => {
    const { stdout } = await node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const require = createRequire(process.cwd() + '/package.json');
       const m = await import('@yg/worker');
       console.log(JSON.stringify({
         initializeAllWorkers: typeof m.initializeAllWorkers,
         resolved: ['@yg/queue-core', '@yg/db', 'bullmq'].map((n) => require.resolve(n)),
       }));`,
    ]);
    const report = JSON.parse(stdout) as { initializeAllWorkers: string; resolved: string[] };
    expect(report.initializeAllWorkers).toBe('function');
    for (const path of report.resolved) expect((await realpath(path)).startsWith(dir)).toBe(true);
  });

  it('talks to Redis from there', async () => {
    const prefix = uniquePrefix();
    try {
      const { stdout } = await node(['dist/cli.js', 'queues', '--json'], { BULLMQ_PREFIX: prefix });
      expect((JSON.parse(stdout) as { queue: string }[]).map((q) => q.queue)).toContain('email-send');
    } finally {
      const redis = new Redis(REDIS_URL);
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });
});
