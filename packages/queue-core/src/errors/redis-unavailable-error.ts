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

  /**
   * `waitedMs`: how long the producer waited for a connection; `null` when the connection dropped
   * while a command was on its way, so that the command may or may not have run.
   */
  constructor(target: string, waitedMs: number | null, cause?: unknown) {
    // Never the library's own error: ioredis's carries the failed command, AUTH's password included.
    const safeCause = cause === undefined ? undefined : logSafeCopy(cause);
    const reason = safeCause?.message ? ` (${safeCause.message})` : '';
    const what =
      waitedMs === null
        ? 'the connection dropped during the command, which may or may not have run'
        : `no connection within ${waitedMs} ms`;
    super(
      `Redis at ${target} is unreachable: ${what}${reason}`,
      safeCause ? { cause: safeCause } : undefined,
    );
    this.target = target;
  }
}
