// Runs the built yg-worker command as a child process against a test database of its own.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import { runProcess, uniquePrefix } from '@yg/testing';
import { afterAll, beforeAll } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

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
    env: { BULLMQ_PREFIX: uniquePrefix(), DATABASE_URL: database.url, LOG_LEVEL: 'info', ...env },
  });
  return { child: run.child, exited: run.exited.then((e) => e.code), output: run.output };
}

export async function waitForOutput(run: ReturnType<typeof start>, text: string, count = 1): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (run.output().split(text).length - 1 < count) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
