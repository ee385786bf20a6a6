// `@yg/db/migrate`: the migration applier and what deploy tooling needs around it (creating a missing
// database, unblocking after a failed migration, finding the shipped migrations). The errors it
// throws are exported from the root, with every other error of this package.

export { ensureDatabase } from '../server-admin';
export { type MigrateOptions, type MigrateResult, migrate, resolveRolledBack } from './applier';
export { packageMigrationsDir } from './migrations-folder';
