import { YgError } from '@yg/job-contracts';

/** The server could not be reached to create or drop a database (createTestDatabase, ensureDatabase). */
export class DatabaseServerError extends YgError {
  override readonly name = 'DatabaseServerError';
  readonly code = 'ERR_DATABASE_SERVER';
}
