import { YgError } from '@yg/job-contracts';

/** A command given wrong arguments: exit code 2, the message alone (no stack). */
export class UsageError extends YgError {
  override readonly name = 'UsageError';
  readonly code = 'ERR_USAGE';
}
