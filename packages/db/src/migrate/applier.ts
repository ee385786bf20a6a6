import pg from 'pg';
import { resolveDatabaseUrl } from '../database-url';
import {
  MigrationBlockedError,
  MigrationChecksumError,
  MigrationFailedError,
  MigrationNotFailedError,
} from '../errors/index';
import { acquireMigrationLock, releaseMigrationLock } from './advisory-lock';
import { checksumMatches } from './checksum';
import { type MigrationFile, packageMigrationsDir, readMigrations } from './migrations-folder';
import {
  ensureMigrationsTable,
  readMigrationRows,
  recordFailed,
  recordFinished,
  recordRolledBack,
  recordStarted,
} from './migrations-table';

export interface MigrateOptions {
  /** A folder in Prisma's layout (<timestamp>_<name>/migration.sql); defaults to this package's migrations. */
  migrationsDir?: string;
  /** How long to wait for another migrator to finish; default 60 s. */
  lockTimeoutMs?: number;
  /** Progress messages, one per applied migration. */
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** Applied by this run, in order. */
  applied: string[];
  /** Already applied before this run. */
  alreadyApplied: string[];
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/**
 * Applies the pending migrations to the database at `url` (default DATABASE_URL), in order, each in
 * its own transaction, recorded in Prisma's `_prisma_migrations` table. Safe to run from several
 * processes at once: an advisory lock lets one apply while the others wait, then find nothing to do.
 */
export async function migrate(url?: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const connectionString = resolveDatabaseUrl(url);
  const migrations = await readMigrations(options.migrationsDir ?? packageMigrationsDir());
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await acquireMigrationLock(client, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    try {
      return await applyPending(client, migrations, options.log ?? (() => {}));
    } finally {
      await releaseMigrationLock(client);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(
  client: pg.Client,
  migrations: MigrationFile[],
  log: (message: string) => void,
): Promise<MigrateResult> {
  await ensureMigrationsTable(client);
  const rows = await readMigrationRows(client);

  const unfinished = rows.find((row) => row.finishedAt === null && row.rolledBackAt === null);
  if (unfinished) throw new MigrationBlockedError(unfinished.migrationName, unfinished.logs);

  const applied = new Map(
    rows
      .filter((row) => row.finishedAt !== null && row.rolledBackAt === null)
      .map((row) => [row.migrationName, row]),
  );
  // Every applied file is checked before anything runs: an edited history means the database and
  // the files disagree about what the schema is, and new migrations were written against the files.
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row && !checksumMatches(row.checksum, migration.script)) {
      throw new MigrationChecksumError(migration.name, row.checksum, migration.checksum);
    }
  }

  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    if (applied.has(migration.name)) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    await applyOne(client, migration);
    result.applied.push(migration.name);
    log(`Applied migration ${migration.name}`);
  }
  return result;
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = await recordStarted(client, migration.name, migration.checksum);
  try {
    // The script is sent as one simple query (several statements, no parameters), inside a
    // transaction that also records the success: either both happen or neither does.
    await client.query('BEGIN');
    await client.query(migration.script.toString('utf8'));
    await recordFinished(client, id);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    // Best effort: if the connection itself died, the unfinished row still blocks the next run.
    await recordFailed(client, id, message).catch(() => {});
    throw new MigrationFailedError(migration.name, { cause: error });
  }
}

/**
 * Marks a failed migration as rolled back (Prisma's `migrate resolve --rolled-back`), after its
 * cause was fixed, so that the next run applies it again.
 */
export async function resolveRolledBack(
  migrationName: string,
  url?: string,
  options: Pick<MigrateOptions, 'lockTimeoutMs'> = {},
): Promise<void> {
  const client = new pg.Client({ connectionString: resolveDatabaseUrl(url) });
  await client.connect();
  try {
    await acquireMigrationLock(client, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    try {
      await ensureMigrationsTable(client);
      if ((await recordRolledBack(client, migrationName)) === 0)
        throw new MigrationNotFailedError(migrationName);
    } finally {
      await releaseMigrationLock(client);
    }
  } finally {
    await client.end();
  }
}
