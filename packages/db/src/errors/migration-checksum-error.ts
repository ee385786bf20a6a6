import { MigrationError } from './migration-error';

/** An applied migration's file no longer matches what was applied. */
export class MigrationChecksumError extends MigrationError {
  override readonly name = 'MigrationChecksumError';
  override readonly code = 'ERR_MIGRATION_CHECKSUM';
  constructor(
    readonly migrationName: string,
    readonly appliedChecksum: string,
    readonly fileChecksum: string,
  ) {
    super(
      `Migration "${migrationName}" was edited after it was applied (checksum ${fileChecksum} of the file, ` +
        `${appliedChecksum} when applied). Restore the file and put the change in a new migration.`,
    );
  }
}
