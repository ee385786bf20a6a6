import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Storage } from './storage';
import { StorageObjectMissingError } from './storage-errors';
import { checkStorageKey } from './storage-key';

export interface S3StorageOptions {
  bucket: string;
  /** An S3-compatible server's URL (MinIO, s3rver…); AWS's when unset. */
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
}

/** Where temporary uploads go: never a key a caller would use, and easy to expire by a bucket rule. */
const TEMPORARY_PREFIX = '.partial/';

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The AWS SDK, loaded at the first call: it adds ~19 MiB to a process, which one whose storage
 * is a local folder, or that has touched no file yet, should not carry.
 */
function loadSdk() {
  return Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(
    ([s3, storage]) => ({
      ...s3,
      Upload: storage.Upload,
    }),
  );
}

/** Uploads in an S3-compatible bucket, with the AWS SDK v3; every transfer is streamed. */
export function createS3Storage(options: S3StorageOptions): Storage {
  let connecting: Promise<{ sdk: Awaited<ReturnType<typeof loadSdk>>; client: S3Client }> | undefined;
  let created: S3Client | undefined;
  const connect = () => {
    connecting ??= loadSdk().then((sdk) => {
      created = new sdk.S3Client({
        region: options.region ?? 'us-east-1',
        forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.accessKeyId && options.secretAccessKey
          ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
          : {}),
      });
      return { sdk, client: created };
    });
    return connecting;
  };
  const Bucket = options.bucket;

  async function head(key: string): Promise<{ size: number } | undefined> {
    const { sdk, client } = await connect();
    const { HeadObjectCommand } = sdk;
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket, Key: checkStorageKey(key) }));
      return { size: out.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function read(key: string, range?: { end: number }): Promise<Readable> {
    const { sdk, client } = await connect();
    const { GetObjectCommand } = sdk;
    try {
      const out = await client.send(
        new GetObjectCommand({
          Bucket,
          Key: checkStorageKey(key),
          ...(range ? { Range: `bytes=0-${range.end}` } : {}),
        }),
      );
      return out.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new StorageObjectMissingError(key, { cause: error });
      throw error;
    }
  }

  async function copy(from: string, to: string): Promise<void> {
    const { sdk, client } = await connect();
    const { CopyObjectCommand } = sdk;
    await client.send(
      new CopyObjectCommand({
        Bucket,
        Key: to,
        // Each segment URI-encoded, slashes kept, as CopySource requires.
        CopySource: `${Bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
  }

  return {
    description: `s3:${Bucket}`,
    stat: head,
    read,
    async withLocalFile(key, use) {
      const dir = await mkdtemp(join(tmpdir(), 'yg-media-s3-'));
      try {
        const path = join(dir, 'object');
        await pipeline(await read(key), createWriteStream(path));
        return await use(path);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async putFile(key, path, contentType) {
      checkStorageKey(key);
      const { sdk, client } = await connect();
      const { DeleteObjectCommand, Upload } = sdk;
      const temporary = `${TEMPORARY_PREFIX}${randomUUID()}`;
      try {
        // Multipart for large files, in parts of 8 MB, a few at a time: memory stays bounded.
        await new Upload({
          client,
          params: { Bucket, Key: temporary, Body: createReadStream(path), ContentType: contentType },
          queueSize: 2,
          partSize: 8 * 1024 * 1024,
        }).done();
        await copy(temporary, key);
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket, Key: temporary })).catch(() => undefined);
      }
    },
    async move(from, to) {
      checkStorageKey(from);
      checkStorageKey(to);
      if (!(await head(from))) {
        if (await head(to)) return;
        throw new StorageObjectMissingError(from);
      }
      await copy(from, to);
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: from }));
    },
    async delete(key) {
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: checkStorageKey(key) }));
    },
    async check() {
      const { sdk, client } = await connect();
      await client.send(new sdk.HeadBucketCommand({ Bucket }));
    },
    async close() {
      // Nothing to close before the first call; a call in flight may still be creating it.
      await connecting?.catch(() => undefined);
      created?.destroy();
    },
  };
}
