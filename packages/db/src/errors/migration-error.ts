import { YgError } from '@yg/job-contracts';

/** Base class of everything the migration applier refuses or fails at. */
export class MigrationError extends YgError {
  override readonly name: string = 'MigrationError';
  readonly code: string = 'ERR_MIGRATION';
}
