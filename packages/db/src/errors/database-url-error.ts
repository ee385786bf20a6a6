import { YgError } from '@yg/job-contracts';

/** DATABASE_URL (or an explicit url) is missing or not a PostgreSQL URL. */
export class DatabaseUrlError extends YgError {
  override readonly name = 'DatabaseUrlError';
  readonly code = 'ERR_DATABASE_URL';
}
