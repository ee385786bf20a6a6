import { YgError } from '@yg/job-contracts';
import { logSafeCopy } from '../log-safe-error';

/**
 * Redis did not answer in time. Raised to producers instead of letting a web request hang;
 * names the target as host:port only, never the credentials.
 */
export class RedisUnavailableError extends YgError {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'ERR_REDIS_UNAVAILABLE';
  readonly target: string;

  constructor(target: string, waitedMs: number, cause?: unknown) {
    // Never the library's own error: ioredis's carries the failed command, AUTH's password included.
    const safeCause = cause === undefined ? undefined : logSafeCopy(cause);
    const reason = safeCause?.message ? ` (${safeCause.message})` : '';
    super(
      `Redis at ${target} is unreachable: no connection within ${waitedMs} ms${reason}`,
      safeCause ? { cause: safeCause } : undefined,
    );
    this.target = target;
  }
}
