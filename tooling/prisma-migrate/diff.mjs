import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The admin URL of the local server, used when DATABASE_URL is not set. */
export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * SQL that turns a database of datamodel `from` (or an empty one, when `from` is null) into one of
 * datamodel `to`, written by Prisma 6.19's `migrate diff` without touching any database.
 *
 * @param {{ from: string | null; to: string; databaseUrl?: string }} input
 * @returns {Promise<string>}
 */
export async function diffDatamodels({ from, to, databaseUrl }) {
  const dir = await mkdtemp(join(tmpdir(), 'yg-prisma-migrate-'));
  try {
    const toPath = join(dir, 'to.prisma');
    await writeFile(toPath, to);
    const fromArgs = from === null ? ['--from-empty'] : ['--from-schema-datamodel', join(dir, 'from.prisma')];
    if (from !== null) await writeFile(join(dir, 'from.prisma'), from);
    const cli = require.resolve('prisma/build/index.js');
    const args = [
      cli,
      'migrate',
      'diff',
      '--config',
      join(here, 'prisma.config.ts'),
      ...fromArgs,
      '--to-schema-datamodel',
      toPath,
      '--script',
    ];
    const { stdout } = await run(process.execPath, args, {
      cwd: here,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl ?? process.env.DATABASE_URL ?? LOCAL_DATABASE_URL,
        // The path must exist; with the JS engine configured the CLI never loads it.
        PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True when a script from `migrate diff` has no statements. */
export function isEmptyScript(sql) {
  return (
    sql
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('--')).length === 0
  );
}

function run(file, args, options) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`prisma migrate diff failed: ${stderr.trim() || error.message}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
