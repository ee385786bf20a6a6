import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { Storage } from './storage';
import { StorageKeyError, StorageObjectMissingError } from './storage-errors';
import { checkStorageKey } from './storage-key';

/** Uploads in a local folder (`STORAGE_DIR`). */
export function createLocalStorage(rootDir: string): Storage {
  const root = resolve(rootDir);

  /** The key's path, refused when it (or a symbolic link on the way) leads outside the root. */
  async function pathOf(key: string): Promise<string> {
    checkStorageKey(key);
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new StorageKeyError(key, 'it resolves outside the storage root');
    // A symbolic link inside the root could still point out of it: compare real paths.
    const realRoot = await realpath(root).catch(() => root);
    const realDir = await realpath(dirname(path)).catch(() => undefined);
    if (realDir && realDir !== realRoot && !realDir.startsWith(realRoot + sep)) {
      throw new StorageKeyError(key, 'it leads outside the storage root through a symbolic link');
    }
    return path;
  }

  async function existing(key: string): Promise<string> {
    const path = await pathOf(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new StorageObjectMissingError(key);
    return path;
  }

  return {
    description: `local:${root}`,
    async stat(key) {
      const info = await stat(await pathOf(key)).catch(() => undefined);
      return info?.isFile() ? { size: info.size } : undefined;
    },
    async read(key, range) {
      const path = await existing(key);
      return createReadStream(path, range ? { end: range.end } : {}) as Readable;
    },
    async withLocalFile(key, use) {
      return use(await existing(key));
    },
    async putFile(key, path) {
      const target = await pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      // A dot-file beside the target: same filesystem, so the rename is atomic.
      const temporary = join(dirname(target), `.${randomUUID()}.partial`);
      try {
        await copyFile(path, temporary);
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
    },
    async move(from, to) {
      const source = await pathOf(from);
      const target = await pathOf(to);
      const sourceThere = await stat(source).catch(() => undefined);
      if (!sourceThere) {
        if (await stat(target).catch(() => undefined)) return;
        throw new StorageObjectMissingError(from);
      }
      await mkdir(dirname(target), { recursive: true });
      await rename(source, target);
    },
    async delete(key) {
      await rm(await pathOf(key), { force: true });
    },
    async check() {
      await mkdir(root, { recursive: true });
    },
  };
}
