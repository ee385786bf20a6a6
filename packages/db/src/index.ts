// The root export: the generated Prisma client's types and enums, and this package's functions.
// Importing it opens no connection and reads no environment variable.

export { type CreateDbOptions, createDb, DEFAULT_POOL_SIZE } from './create-db';
export { LOCAL_ADMIN_URL, redactDatabaseUrl, resolveDatabaseUrl } from './database-url';
export { closeDefaultDb, defaultDb } from './default-db';
export {
  DatabaseConfigError,
  DatabaseServerError,
  DatabaseUrlError,
  MigrationBlockedError,
  MigrationChecksumError,
  MigrationError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  MigrationNotFailedError,
  MigrationsNotFoundError,
} from './errors/index';
export * from './generated/prisma/client';
export { type MigrateOptions, type MigrateResult, migrate, resolveRolledBack } from './migrate/applier';
export { packageMigrationsDir } from './migrate/migrations-folder';
export { databaseOutage } from './outage';
export { seededIdOf } from './seed/ids';
export type { SeedOptions } from './seed/options';
export { type SeedCounts, seedDemoData } from './seed/seed-demo-data';
export { ensureDatabase } from './server-admin';
export { type CreateTestDatabaseOptions, createTestDatabase, type TestDatabase } from './test-database';
