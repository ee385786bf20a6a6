/** DATABASE_URL (or an explicit url) is missing or not a PostgreSQL URL. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** A setting such as DATABASE_POOL_SIZE has a value that cannot be used. */
export class DatabaseConfigError extends Error {
  override readonly name = 'DatabaseConfigError';
}

/** Base class of everything the migration applier refuses or fails at. */
export class MigrationError extends Error {
  override readonly name: string = 'MigrationError';
}

/** A migration's SQL failed; its row stays unfinished and blocks later runs until resolved. */
export class MigrationFailedError extends MigrationError {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migrationName: string,
    options: { cause: unknown },
  ) {
    super(
      `Migration "${migrationName}" failed and was rolled back: ${describe(options.cause)}. ` +
        `Fix it, then run \`yg-db resolve --rolled-back ${migrationName}\` (or resolveRolledBack()) ` +
        'and migrate again.',
      options,
    );
  }
}

/**
 * An earlier run started a migration that neither finished nor was marked rolled back (Prisma's
 * P3009): applying more on top of an unknown state could corrupt the schema.
 */
export class MigrationBlockedError extends MigrationError {
  override readonly name = 'MigrationBlockedError';
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

/** An applied migration's file no longer matches what was applied. */
export class MigrationChecksumError extends MigrationError {
  override readonly name = 'MigrationChecksumError';
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

/** Another process held the migration lock for longer than the timeout. */
export class MigrationLockTimeoutError extends MigrationError {
  override readonly name = 'MigrationLockTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Another process has been applying migrations for more than ${timeoutMs} ms; gave up waiting.`);
  }
}

/** The migrations folder is missing (a broken install, or a wrong migrationsDir). */
export class MigrationsNotFoundError extends MigrationError {
  override readonly name = 'MigrationsNotFoundError';
}

/** The server could not be reached to create or drop a database (createTestDatabase, ensureDatabase). */
export class DatabaseServerError extends Error {
  override readonly name = 'DatabaseServerError';
}

/** `resolve --rolled-back` named a migration that has no failed row to resolve. */
export class MigrationNotFailedError extends MigrationError {
  override readonly name = 'MigrationNotFailedError';
  constructor(readonly migrationName: string) {
    super(`Migration "${migrationName}" has no failed, unresolved run to mark as rolled back.`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
