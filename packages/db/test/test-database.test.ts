import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_URL } from '../src/index';
import { ensureDatabase } from '../src/migrate/index';
import { createTestDatabase, type TestDatabase } from '../src/testing';

const created: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(created.map((database) => database.drop().catch(() => {})));
});

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? LOCAL_ADMIN_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a migrated yg_test_<random> database that drop() removes', async () => {
    const database = await createTestDatabase();
    created.push(database);

    expect(database.name).toMatch(/^yg_test_[0-9a-f]{12}$/);
    expect(database.url.endsWith(`/${database.name}`)).toBe(true);
    expect(await databaseExists(database.name)).toBe(true);
    await expect(database.db.ipAsset.count()).resolves.toBe(0);

    await database.drop();

    expect(await databaseExists(database.name)).toBe(false);
  });

  it('gives each caller its own database, so parallel test files never share rows', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    created.push(first, second);

    expect(first.name).not.toBe(second.name);
    await first.db.user.create({ data: { email: 'only-in-first@example.com' } });

    await expect(first.db.user.count()).resolves.toBe(1);
    await expect(second.db.user.count()).resolves.toBe(0);
  });

  it('drops the database even while connections to it are open', async () => {
    const database = await createTestDatabase();
    created.push(database);
    const straggler = new pg.Client({ connectionString: database.url });
    await straggler.connect();
    straggler.on('error', () => {});

    await database.drop();

    expect(await databaseExists(database.name)).toBe(false);
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once and leaves an existing one alone', async () => {
    const name = `yg_test_ensure_${randomBytes(6).toString('hex')}`;
    const url = `${(process.env.DATABASE_URL ?? LOCAL_ADMIN_URL).replace(/\/[^/]*$/, '')}/${name}`;
    try {
      const results = await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await databaseExists(name)).toBe(true);
      expect(await ensureDatabase(url)).toBe(false);
    } finally {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? LOCAL_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    }
  });
});
