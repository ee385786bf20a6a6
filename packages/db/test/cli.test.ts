import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@yg/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_URL, withDatabaseName } from '../src/database-url';
import { serverQuery } from '../src/server-admin';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ADMIN_URL = process.env.DATABASE_URL ?? LOCAL_ADMIN_URL;

async function ygDb(args: string[], env: Record<string, string> = {}) {
  const run = runProcess(CLI, { args, env });
  const { code } = await run.exited;
  return { code, output: run.output() };
}

async function exists(name: string): Promise<boolean> {
  const result = await serverQuery(ADMIN_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return result.rowCount === 1;
}

describe('yg-db', () => {
  // A real name that no database has, and that each test drops again whatever it did.
  let missing = '';
  afterEach(async () => {
    if (missing) await serverQuery(ADMIN_URL, `DROP DATABASE IF EXISTS "${missing}" WITH (FORCE)`);
    missing = '';
  });
  const missingDatabaseUrl = () => {
    missing = `yg_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    return withDatabaseName(ADMIN_URL, missing);
  };

  it('says that the database does not exist and how to create it, and creates nothing', async () => {
    const { code, output } = await ygDb(['migrate'], { DATABASE_URL: missingDatabaseUrl() });
    expect(code).toBe(1);
    expect(output).toContain(`Database "${missing}" does not exist`);
    expect(output).toContain('yg-db migrate --create');
    expect(output).toContain('pnpm db:migrate --create');
    expect(output).toContain('yg-worker start --migrate');
    expect(await exists(missing)).toBe(false);
  });

  it('migrate --create creates the missing database and applies every migration', async () => {
    const { code, output } = await ygDb(['migrate', '--create'], { DATABASE_URL: missingDatabaseUrl() });
    expect(output).toContain('Created the database.');
    expect(output).toMatch(/Applied \d+ migration\(s\)\./);
    expect(code).toBe(0);
    const migrated = withDatabaseName(ADMIN_URL, missing);
    const { rows } = await serverQuery(
      migrated,
      'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('prints its usage and exits 0 for --help', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, output } = await ygDb([flag]);
      expect(code).toBe(0);
      expect(output).toContain('yg-db migrate [--create]');
    }
  });

  it('exits 2 with its usage for an unknown command or none', async () => {
    for (const args of [['migrat'], []]) {
      const { code, output } = await ygDb(args);
      expect(code).toBe(2);
      expect(output).toContain('Usage:');
    }
    expect((await ygDb(['migrat'])).output).toContain('Unknown command: migrat');
  });
});
