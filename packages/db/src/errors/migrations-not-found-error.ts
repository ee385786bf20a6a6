import { MigrationError } from './migration-error';

/** The migrations folder is missing (a broken install, or a wrong migrationsDir). */
export class MigrationsNotFoundError extends MigrationError {
  override readonly name = 'MigrationsNotFoundError';
  override readonly code = 'ERR_MIGRATIONS_NOT_FOUND';
}
