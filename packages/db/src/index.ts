// The root export: the generated Prisma client's types and enums, the client factory, the process's
// default client and every error of this package. Importing it opens no connection and reads no
// environment variable. Test and deploy tools live at `@yg/db/testing` and `@yg/db/migrate`.

export {
  type CreateDbOptions,
  createDb,
  DEFAULT_POOL_SIZE,
  queryRows,
  type StatementOptions,
  type StatementPool,
  statementPool,
} from './create-db';
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
export { databaseOutage } from './outage';
export { uniqueViolation } from './unique-violation';
