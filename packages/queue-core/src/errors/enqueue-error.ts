import { YgError } from '@yg/job-contracts';

/** Enqueue refused before touching Redis: the contract and the queue or options do not fit. */
export class EnqueueError extends YgError {
  override readonly name = 'EnqueueError';
  readonly code = 'ERR_ENQUEUE';
}
