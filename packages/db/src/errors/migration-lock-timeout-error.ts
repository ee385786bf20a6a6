import { MigrationError } from './migration-error';

/** Another process held the migration lock for longer than the timeout. */
export class MigrationLockTimeoutError extends MigrationError {
  override readonly name = 'MigrationLockTimeoutError';
  override readonly code = 'ERR_MIGRATION_LOCK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`Another process has been applying migrations for more than ${timeoutMs} ms; gave up waiting.`);
  }
}
