import { describeCause } from './describe-cause';
import { MigrationError } from './migration-error';

/** A migration's SQL failed; its row stays unfinished and blocks later runs until resolved. */
export class MigrationFailedError extends MigrationError {
  override readonly name = 'MigrationFailedError';
  override readonly code = 'ERR_MIGRATION_FAILED';
  constructor(
    readonly migrationName: string,
    options: { cause: unknown },
  ) {
    super(
      `Migration "${migrationName}" failed and was rolled back: ${describeCause(options.cause)}. ` +
        `Fix it, then run \`yg-db resolve --rolled-back ${migrationName}\` (or resolveRolledBack()) ` +
        'and migrate again.',
      options,
    );
  }
}
