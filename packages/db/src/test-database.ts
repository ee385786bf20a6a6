import { randomBytes } from 'node:crypto';
import { createDb } from './create-db';
import { LOCAL_ADMIN_URL, resolveDatabaseUrl, withDatabaseName } from './database-url';
import type { PrismaClient } from './generated/prisma/client';
import { type MigrateOptions, migrate } from './migrate/applier';
import { serverQuery } from './server-admin';

export interface CreateTestDatabaseOptions {
  /** A URL on the server to create the database on; default DATABASE_URL, else the local server. */
  adminUrl?: string;
  /** Apply the package's migrations (default true); false leaves the database empty. */
  migrate?: boolean;
  migrationsDir?: MigrateOptions['migrationsDir'];
  /** Connections of the returned client's pool; default 5, as many test files share one server. */
  poolSize?: number;
}

export interface TestDatabase {
  /** yg_test_<random> */
  name: string;
  url: string;
  db: PrismaClient;
  /** Disconnects the client and drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * A database of its own for a test file: created on the server, migrated, and dropped by `drop()`.
 * Test files that run in parallel each get another name, so they never see each other's rows.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = resolveDatabaseUrl(options.adminUrl ?? process.env.DATABASE_URL ?? LOCAL_ADMIN_URL);
  const name = `yg_test_${randomBytes(6).toString('hex')}`;
  await serverQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabaseName(adminUrl, name);
  const drop = async () => {
    await serverQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  try {
    if (options.migrate !== false) await migrate(url, { migrationsDir: options.migrationsDir });
  } catch (error) {
    await drop();
    throw error;
  }
  const db = createDb({ url, poolSize: options.poolSize ?? 5 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await drop();
    },
  };
}
