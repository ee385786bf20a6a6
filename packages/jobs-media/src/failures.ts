import { DependencyDownError, UnrecoverableError } from '@yg/queue-core';
import type { Job } from 'bullmq';
import { MediaRejectedError } from './media-errors';
import { ScanRefusedError } from './scanner/clamd-scanner';
import { isStorageOutage, StorageKeyError, StorageObjectMissingError } from './storage/storage-errors';
import { MediaToolError } from './tools/run-tool';

/** Errors that say the file or its key is wrong: retrying the job cannot fix them. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof UnrecoverableError ||
    error instanceof StorageKeyError ||
    error instanceof StorageObjectMissingError ||
    error instanceof MediaRejectedError ||
    error instanceof MediaToolError ||
    error instanceof ScanRefusedError
  );
}

export type Settled =
  /** Thrown again as is: retried by BullMQ (or put back, for an outage). */
  | { kind: 'retry'; error: unknown }
  /** Final: record it on the asset and fail the job without retries. */
  | { kind: 'final'; error: UnrecoverableError; message: string };

/**
 * What a failure of a media job means: a dependency outage (clamd, the bucket) waits without
 * spending an attempt; a bad file fails at once, once; anything else is retried, and recorded when
 * it was the last attempt.
 */
export function settle(job: Job, error: unknown): Settled {
  if (error instanceof DependencyDownError) return { kind: 'retry', error };
  if (isStorageOutage(error))
    return { kind: 'retry', error: new DependencyDownError('storage', { cause: error }) };
  const message = error instanceof Error ? error.message : String(error);
  if (isPermanent(error)) {
    return {
      kind: 'final',
      error: error instanceof UnrecoverableError ? error : new UnrecoverableError(message),
      message,
    };
  }
  const attempts = job.opts.attempts ?? 1;
  if (job.attemptsMade + 1 >= attempts)
    return { kind: 'final', error: new UnrecoverableError(message), message };
  return { kind: 'retry', error };
}
