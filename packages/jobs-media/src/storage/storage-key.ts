import { StorageKeyError } from './storage-errors';

/**
 * Refuses a key that could name something outside the storage root. The contracts refuse these in
 * payloads already; keys read from the database pass here too, since a row can hold anything.
 */
export function checkStorageKey(key: string): string {
  if (key.length === 0) throw new StorageKeyError(key, 'it is empty');
  if (key.length > 1024) throw new StorageKeyError(key, 'it is longer than 1024 characters');
  if (key.includes('\u0000')) throw new StorageKeyError(key, 'it contains a NUL byte');
  if (key.includes('\\')) throw new StorageKeyError(key, 'it contains a backslash');
  if (key.startsWith('/')) throw new StorageKeyError(key, 'it is absolute, not relative to the storage root');
  if (key.split('/').some((part) => part === '..' || part === '.')) {
    throw new StorageKeyError(key, 'it has "." or ".." segments, which could escape the storage root');
  }
  return key;
}
