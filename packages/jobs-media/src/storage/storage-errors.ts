import { YgError } from '@yg/job-contracts';

/** A storage key that is empty, absolute, has `..` segments or otherwise points outside the root. */
export class StorageKeyError extends YgError {
  override readonly name = 'StorageKeyError';
  readonly code = 'ERR_STORAGE_KEY';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`storage key ${JSON.stringify(key.slice(0, 200))} is refused: ${reason}`);
  }
}

/** No object under the key: retrying cannot bring it back. */
export class StorageObjectMissingError extends YgError {
  override readonly name = 'StorageObjectMissingError';
  readonly code = 'ERR_STORAGE_OBJECT_MISSING';
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`no file in storage under ${JSON.stringify(key.slice(0, 200))}`, options);
  }
}

/** The storage itself does not answer (a bucket's server down): the work waits, it does not fail. */
export function isStorageOutage(error: unknown): boolean {
  const code = (error as { code?: unknown; name?: unknown })?.code;
  const name = (error as { name?: unknown })?.name;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EHOSTUNREACH' ||
    code === 'ETIMEDOUT' ||
    name === 'TimeoutError'
  );
}
