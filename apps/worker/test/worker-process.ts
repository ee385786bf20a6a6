// Runs the built yg-worker command as a child process against a test database of its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@yg/db';
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
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
      BULLMQ_PREFIX: `yg-test-${randomUUID().slice(0, 8)}`,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

export async function waitForOutput(run: ReturnType<typeof start>, text: string, count = 1): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (run.output().split(text).length - 1 < count) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
