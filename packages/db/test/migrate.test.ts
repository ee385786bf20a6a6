import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MigrationBlockedError,
  MigrationChecksumError,
  MigrationFailedError,
  MigrationLockTimeoutError,
} from '../src/index';
import { migrationChecksum } from '../src/migrate/checksum';
import { migrate, resolveRolledBack } from '../src/migrate/index';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { catalogSnapshot } from './support/catalog-snapshot';
import { type MigrationFixture, migrationFixture } from './support/migration-fixtures';

const FIRST = '20250101000000_create_widgets';
const SECOND = '20250102000000_add_widget_size';
const THIRD = '20250103000000_create_gadgets';

let database: TestDatabase;
let fixture: MigrationFixture;

beforeEach(async () => {
  database = await createTestDatabase({ migrate: false });
  fixture = await migrationFixture({
    [FIRST]:
      'CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);\nCREATE INDEX widgets_name_idx ON widgets (name);\n',
    [SECOND]: 'ALTER TABLE widgets ADD COLUMN size integer;\n',
  });
});

afterEach(async () => {
  await database.drop();
  await fixture.remove();
});

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

type Row = { migration_name: string; checksum: string; finished_at: Date | null; logs: string | null };
const migrationRows = () =>
  query<Row>(
    'SELECT migration_name, checksum, finished_at, logs FROM "_prisma_migrations" ORDER BY started_at',
  );

describe('migrate', () => {
  it('applies the migrations in order and records them as Prisma does', async () => {
    const result = await migrate(database.url, { migrationsDir: fixture.dir });

    expect(result).toEqual({ applied: [FIRST, SECOND], alreadyApplied: [] });
    const rows = await migrationRows();
    expect(rows.map((row) => row.migration_name)).toEqual([FIRST, SECOND]);
    const firstFile = await readFile(join(fixture.dir, FIRST, 'migration.sql'));
    expect(rows[0]?.checksum).toBe(migrationChecksum(firstFile));
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
    await query("INSERT INTO widgets (name, size) VALUES ('a', 1)");
  });

  it("creates Prisma's _prisma_migrations table with Prisma's columns", async () => {
    await migrate(database.url, { migrationsDir: fixture.dir });
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'logs', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO' },
    ]);
  });

  it('changes nothing when run a second time', async () => {
    await migrate(database.url, { migrationsDir: fixture.dir });
    const rowsBefore = await migrationRows();
    const schemaBefore = await catalogSnapshot(database.url);

    const second = await migrate(database.url, { migrationsDir: fixture.dir });

    expect(second).toEqual({ applied: [], alreadyApplied: [FIRST, SECOND] });
    expect(await migrationRows()).toEqual(rowsBefore);
    expect(await catalogSnapshot(database.url)).toEqual(schemaBefore);
  });

  it('applies only the new migration when one is added', async () => {
    await migrate(database.url, { migrationsDir: fixture.dir });
    await fixture.write(THIRD, 'CREATE TABLE gadgets (id serial PRIMARY KEY);\n');

    const result = await migrate(database.url, { migrationsDir: fixture.dir });

    expect(result).toEqual({ applied: [THIRD], alreadyApplied: [FIRST, SECOND] });
  });

  it('applies each migration once when two migrators start at the same time', async () => {
    // A slow first migration keeps the first migrator inside the lock while the second one arrives.
    await fixture.write(
      FIRST,
      'SELECT pg_sleep(0.5);\nCREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);\n',
    );

    const results = await Promise.all([
      migrate(database.url, { migrationsDir: fixture.dir }),
      migrate(database.url, { migrationsDir: fixture.dir }),
    ]);

    const appliedByAnyone = results.flatMap((result) => result.applied).sort();
    expect(appliedByAnyone).toEqual([FIRST, SECOND]);
    // One applied everything; the other waited for the lock and then found nothing to do.
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 2]);
    expect((await migrationRows()).map((row) => row.migration_name)).toEqual([FIRST, SECOND]);
  });

  it('gives up with a clear error when another migrator holds the lock for too long', async () => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)');
      const attempt = migrate(database.url, { migrationsDir: fixture.dir, lockTimeoutMs: 200 });
      await expect(attempt).rejects.toBeInstanceOf(MigrationLockTimeoutError);
      expect(await query(`SELECT to_regclass('widgets') AS t`)).toEqual([{ t: null }]);
    } finally {
      await holder.end();
    }
  });
});

describe("the package's own migrations", () => {
  it('change nothing when applied to an up-to-date database again', async () => {
    await migrate(database.url);
    const before = await catalogSnapshot(database.url);
    const rowsBefore = await migrationRows();

    const second = await migrate(database.url);

    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied.length).toBeGreaterThan(0);
    expect(await migrationRows()).toEqual(rowsBefore);
    expect(await catalogSnapshot(database.url)).toEqual(before);
  });
});

describe('a failed migration', () => {
  const BROKEN = '20250102000000_broken';

  beforeEach(async () => {
    await fixture.remove();
    fixture = await migrationFixture({
      [FIRST]: 'CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);\n',
      [BROKEN]: 'CREATE TABLE half_done (id int);\nINSERT INTO widgets (name) VALUES (NULL);\n',
      [THIRD]: 'CREATE TABLE gadgets (id serial PRIMARY KEY);\n',
    });
  });

  it('is rolled back whole, recorded with its error, and named in the error', async () => {
    const attempt = migrate(database.url, { migrationsDir: fixture.dir });

    await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(attempt).rejects.toThrow(`Migration "${BROKEN}" failed and was rolled back`);
    // Its first statement ran, but the transaction took it back: no half-applied schema.
    expect(await query(`SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    // The migration after it did not run.
    expect(await query(`SELECT to_regclass('gadgets') AS t`)).toEqual([{ t: null }]);
    const rows = await migrationRows();
    expect(rows.map((row) => [row.migration_name, row.finished_at])).toEqual([
      [FIRST, expect.any(Date)],
      [BROKEN, null],
    ]);
    expect(rows[1]?.logs).toContain('null value in column "name"');
  });

  it('blocks the next run with a message naming it, until it is resolved', async () => {
    await expect(migrate(database.url, { migrationsDir: fixture.dir })).rejects.toThrow(MigrationFailedError);

    // Even with the file fixed, nothing runs while the failed run is unresolved.
    await fixture.write(BROKEN, 'CREATE TABLE half_done (id int);\n');
    const blocked = migrate(database.url, { migrationsDir: fixture.dir });
    await expect(blocked).rejects.toBeInstanceOf(MigrationBlockedError);
    await expect(blocked).rejects.toThrow(`Migration "${BROKEN}" failed in an earlier run`);
    expect(await query(`SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);

    await resolveRolledBack(BROKEN, database.url);
    const result = await migrate(database.url, { migrationsDir: fixture.dir });

    expect(result).toEqual({ applied: [BROKEN, THIRD], alreadyApplied: [FIRST] });
    expect(await query(`SELECT to_regclass('half_done')::text AS t`)).toEqual([{ t: 'half_done' }]);
  });
});

describe('an applied migration whose file was edited', () => {
  it('is refused with a checksum error naming it, and nothing else is applied', async () => {
    await migrate(database.url, { migrationsDir: fixture.dir });
    await fixture.write(FIRST, 'CREATE TABLE widgets (id bigserial PRIMARY KEY, name text);\n');
    await fixture.write(THIRD, 'CREATE TABLE gadgets (id serial PRIMARY KEY);\n');

    const attempt = migrate(database.url, { migrationsDir: fixture.dir });

    await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(attempt).rejects.toThrow(`Migration "${FIRST}" was edited after it was applied`);
    expect(await query(`SELECT to_regclass('gadgets') AS t`)).toEqual([{ t: null }]);
  });

  it('is accepted when only its line endings changed (a checkout with autocrlf)', async () => {
    await migrate(database.url, { migrationsDir: fixture.dir });
    const path = join(fixture.dir, FIRST, 'migration.sql');
    await writeFile(path, (await readFile(path, 'utf8')).replace(/\n/g, '\r\n'));

    await expect(migrate(database.url, { migrationsDir: fixture.dir })).resolves.toEqual({
      applied: [],
      alreadyApplied: [FIRST, SECOND],
    });
  });
});
