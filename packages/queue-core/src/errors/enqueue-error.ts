/** Enqueue refused before touching Redis: the contract and the queue or options do not fit. */
export class EnqueueError extends Error {
  override readonly name = 'EnqueueError';
}
