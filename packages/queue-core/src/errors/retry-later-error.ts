import { YgError } from '@yg/job-contracts';

/**
 * "Not now": the job cannot run yet for a reason that is not its fault (another attempt holds
 * the same email, say). The worker puts it back as delayed for `delayMs` without using up one of
 * its attempts, which are kept for real failures.
 */
export class RetryLaterError extends YgError {
  override readonly name = 'RetryLaterError';
  readonly code = 'ERR_RETRY_LATER';
  readonly delayMs: number;

  constructor(reason: string, delayMs: number) {
    super(`${reason}; trying again in ${delayMs} ms`);
    this.delayMs = delayMs;
  }
}
