import { MigrationError } from './migration-error';

/**
 * An earlier run started a migration that neither finished nor was marked rolled back (Prisma's
 * P3009): applying more on top of an unknown state could corrupt the schema.
 */
export class MigrationBlockedError extends MigrationError {
  override readonly name = 'MigrationBlockedError';
  override readonly code = 'ERR_MIGRATION_BLOCKED';
  constructor(
    readonly migrationName: string,
    readonly logs: string | null,
  ) {
    super(
      `Migration "${migrationName}" failed in an earlier run, so no migration will be applied. ` +
        `${logs ? `Its error: ${logs}. ` : ''}` +
        'Fix the database, then mark it rolled back with `yg-db resolve --rolled-back ' +
        `${migrationName}\` (or \`prisma migrate resolve --rolled-back ${migrationName}\`) and migrate again.`,
    );
  }
}
