import { MigrationError } from './migration-error';

/** `resolve --rolled-back` named a migration that has no failed row to resolve. */
export class MigrationNotFailedError extends MigrationError {
  override readonly name = 'MigrationNotFailedError';
  override readonly code = 'ERR_MIGRATION_NOT_FAILED';
  constructor(readonly migrationName: string) {
    super(`Migration "${migrationName}" has no failed, unresolved run to mark as rolled back.`);
  }
}
