import type { Readable } from 'node:stream';

/** What the media jobs need from where uploads live: a local folder or an S3-compatible bucket. */
export interface Storage {
  /** Where this storage is, for logs: `local:<dir>` or `s3:<bucket>` — never a credential. */
  readonly description: string;
  /** The object's size in bytes, or `undefined` when there is no object under `key`. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** The object's bytes as a stream (`end` inclusive, to read only a head). */
  read(key: string, range?: { end: number }): Promise<Readable>;
  /**
   * Runs `use` with a local file holding the object's bytes: the file itself for a folder, a copy
   * streamed to a temporary file for a bucket (ffmpeg needs to seek: an MP4's index may be at its
   * end). The copy is removed afterwards.
   */
  withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T>;
  /**
   * Stores a local file under `key`. The bytes go to a temporary key first and are renamed (or
   * copied) to `key` when complete, so `key` never holds half an object, whatever kills the process.
   */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** Moves an object; a no-op when `from` is gone and `to` exists (a retried move). */
  move(from: string, to: string): Promise<void>;
  /** Removes an object; no error when there is none. */
  delete(key: string): Promise<void>;
  /** Checks that the storage answers (for readiness). */
  check(): Promise<void>;
  close?(): Promise<void>;
}
