// Runs the built yg-worker command as a child process against a test database of its own.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import { deleteKeys, REDIS_URL, type RunningProcess, runProcess, uniquePrefix } from '@yg/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export let database: TestDatabase;
const prefixes = new Set<string>();
// Every worker started here: a test that failed half way may have left one running, which would
// write under its prefix again after the keys are deleted.
const runs: RunningProcess[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const run of runs) run.child.kill('SIGKILL');
  await Promise.all(runs.map((run) => run.exited));
  await database.drop();
  const redis = new Redis(REDIS_URL);
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  await redis.quit();
});

/** A BullMQ prefix of the test's own, whose keys are deleted after the file's tests. */
export function testPrefix(): string {
  const prefix = uniquePrefix();
  prefixes.add(prefix);
  return prefix;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function start(args: string[], env: Record<string, string>) {
  const run = runProcess(CLI, {
    args,
    env: { BULLMQ_PREFIX: testPrefix(), DATABASE_URL: database.url, LOG_LEVEL: 'info', ...env },
  });
  runs.push(run);
  return { child: run.child, exited: run.exited.then((e) => e.code), output: run.output };
}

export async function waitForOutput(run: ReturnType<typeof start>, text: string, count = 1): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (run.output().split(text).length - 1 < count) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
