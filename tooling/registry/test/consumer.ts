import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspacePackage } from './packages';
import { run } from './run';

const checkScript = fileURLToPath(new URL('./consumer-check.mjs', import.meta.url));

/**
 * A user's project outside the workspace that installs the `@yg` packages from the local registry
 * and every other dependency from the normal npm registry (whatever the user's npm config names).
 *
 * `--ignore-scripts`: Prisma's install scripts only download engines, which cannot be reached here
 * and which the driver-adapter client does not use. `--prefer-offline`: npm's cache answers for the
 * public packages without asking the registry, which is most of the install time. The `@yg`
 * packages cannot come from that cache: the registry's URL is new each run (see registry-server.mjs).
 */
export async function installConsumer(
  dir: string,
  registryUrl: string,
  packages: readonly WorkspacePackage[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'yg-consumer', private: true }, null, 2));
  await writeFile(join(dir, '.npmrc'), `@yg:registry=${registryUrl}\n`);
  await run(
    'npm',
    [
      'install',
      ...packages.map((pkg) => `${pkg.name}@${pkg.version}`),
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefer-offline',
      // A throwaway project: nothing reads a lockfile of it.
      '--no-package-lock',
      '--loglevel=error',
    ],
    { cwd: dir, timeoutMs: 180_000 },
  );
}

export interface ConsumerReport {
  packages: Record<string, { resolvedTo: string; exports: number; sameExportsFromRequire: boolean }>;
  contract: { parsed: unknown; rejection: string };
  db: { name: string; migrationsDir: string; shipped: number; applied: number; users: number };
  queue: { status: string; name: string; data: unknown; keysWritten: number; keysLeft: number };
  worker: { started: boolean; healthy: boolean; groups: string[]; redis: boolean; postgres: boolean };
}

/**
 * Runs consumer-check.mjs in a fresh Node process from the consumer project. The timeout is what
 * catches a handle left open: the script never calls process.exit().
 */
export async function runConsumerCheck(dir: string, bullmqPrefix: string): Promise<ConsumerReport> {
  const script = join(dir, 'consumer-check.mjs');
  await copyFile(checkScript, script);
  const out = await run(process.execPath, [script], {
    cwd: dir,
    env: { ...process.env, BULLMQ_PREFIX: bullmqPrefix, LOG_LEVEL: 'warn' },
    timeoutMs: 60_000,
  });
  const lastLine = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as ConsumerReport;
}
