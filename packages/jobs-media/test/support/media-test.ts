import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@yg/db';
import { previewGeneration, thumbnailGeneration, virusScan } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { untilIdle } from '@yg/testing';
import { worldTest } from '@yg/testing/world';
import {
  createClamdScanner,
  createLocalStorage,
  createS3Storage,
  type MediaDeps,
  type MediaTools,
  type Storage,
} from '../../src/worker';
import { startS3Server } from './s3-server';

export { until } from '@yg/testing';

export const CLAMD = { host: '127.0.0.1', port: Number(process.env.CLAMD_PORT ?? 3310) };
export const tools: MediaTools = {
  ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg',
  ffprobePath: process.env.FFPROBE_PATH ?? 'ffprobe',
  pdftoppmPath: process.env.PDFTOPPM_PATH ?? 'pdftoppm',
  timeoutMs: 120_000,
};

export type StorageKind = 'local' | 's3';

/** A storage of the kind asked for, empty, removed after the file's tests. */
export async function openStorage(kind: StorageKind): Promise<{ storage: Storage; close(): Promise<void> }> {
  if (kind === 'local') {
    const dir = mkdtempSync(join(tmpdir(), 'yg-media-local-'));
    return {
      storage: createLocalStorage(dir),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = await startS3Server();
  const storage = createS3Storage({
    bucket: server.bucket,
    endpoint: server.endpoint,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  return {
    storage,
    close: async () => {
      await storage.close?.();
      await server.close();
    },
  };
}

export function mediaDeps(
  db: PrismaClient,
  storage: Storage,
  scanner = createClamdScanner(CLAMD),
): MediaDeps {
  return { db, storage, scanner, mediaTools: tools };
}

export const mediaTest = worldTest;

/** Waits until no media job is waiting, running or delayed for a retry. */
export async function mediaDrained(client: QueueClient, timeoutMs = 120_000): Promise<void> {
  await untilIdle(client, [virusScan.queue, thumbnailGeneration.queue, previewGeneration.queue], {
    timeoutMs,
  });
}

let users = 0;
/** An uploader and an asset row for a file already put in storage under `storageKey`. */
export async function uploadedAsset(
  db: PrismaClient,
  storageKey: string,
  fields: {
    type: 'IMAGE' | 'VIDEO' | 'AUDIO' | 'DOCUMENT';
    mimeType: string;
    title?: string;
    fileSize?: number;
  },
) {
  users += 1;
  const owner = await db.user.create({
    data: { email: `uploader-${process.pid}-${Date.now()}-${users}@example.test`, name: 'Uploader' },
  });
  return db.ipAsset.create({
    data: {
      title: fields.title ?? `Upload ${users}`,
      type: fields.type,
      mimeType: fields.mimeType,
      storageKey,
      fileSize: BigInt(fields.fileSize ?? 1),
      createdBy: owner.id,
    },
  });
}
