import { YgError } from '@yg/job-contracts';

/**
 * Redis did not answer in time. Raised to producers instead of letting a web request hang;
 * names the target as host:port only, never the credentials.
 */
export class RedisUnavailableError extends YgError {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'ERR_REDIS_UNAVAILABLE';
  readonly target: string;

  constructor(target: string, waitedMs: number, cause?: unknown) {
    const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
    super(`Redis at ${target} is unreachable: no connection within ${waitedMs} ms${reason}`, { cause });
    this.target = target;
  }
}
