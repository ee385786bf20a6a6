import { YgError } from '@yg/job-contracts';

/** A setting such as DATABASE_POOL_SIZE has a value that cannot be used. */
export class DatabaseConfigError extends YgError {
  override readonly name = 'DatabaseConfigError';
  readonly code = 'ERR_DATABASE_CONFIG';
}
