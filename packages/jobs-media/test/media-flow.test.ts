import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PrismaClient } from '@yg/db';
import {
  notificationDelivery,
  previewGeneration,
  searchIndexUpdate,
  thumbnailGeneration,
} from '@yg/job-contracts';
import { setQueueClient } from '@yg/queue-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { assetPreviewQueue, queueVirusScan, virusScanQueue } from '../src/index';
import { infectedNotificationId, mediaModule, type Storage } from '../src/worker';
import { type MediaFixtures, makeFixtures } from './support/fixtures';
import {
  mediaTest as it,
  mediaDeps,
  mediaDrained,
  openStorage,
  type StorageKind,
  tools,
  until,
  uploadedAsset,
} from './support/media-test';

let fx: MediaFixtures;
let db: PrismaClient;
const scratch = mkdtempSync(join(tmpdir(), 'yg-media-flow-'));

it.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it.beforeAll(async ({ database }) => {
  db = database.db;
  fx = await makeFixtures(join(scratch, 'fixtures'));
});

const runtimeOptions = { config: { stalledIntervalMs: 1000, lockDurationMs: 5000 } };

/** Copies an object out of storage to a local file, for sharp and ffprobe to read. */
async function download(storage: Storage, key: string, name: string): Promise<string> {
  const path = join(scratch, `${Date.now()}-${name}`);
  await pipeline(await storage.read(key), createWriteStream(path));
  return path;
}

function ffprobe(path: string) {
  const out = execFileSync(tools.ffprobePath, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    path,
  ]);
  return JSON.parse(out.toString()) as {
    format: { format_name: string; duration: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  };
}

async function upload(storage: Storage, key: string, file: string, contentType: string) {
  await storage.putFile(key, file, contentType);
}

describe.each(['local', 's3'] as StorageKind[])('uploads on %s storage', (kind) => {
  let storage: Storage;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, close } = await openStorage(kind));
  });
  afterAll(async () => close());

  it('catches the EICAR file: quarantined, asset rejected, owner notified once, nothing generated', async ({
    client,
    startRuntime,
  }) => {
    await startRuntime([mediaModule], mediaDeps(db, storage), runtimeOptions);
    await upload(storage, 'uploads/eicar/readme.txt', fx.eicar, 'text/plain');
    const asset = await uploadedAsset(db, 'uploads/eicar/readme.txt', {
      type: 'DOCUMENT',
      mimeType: 'text/plain',
    });

    // The quick reference's upload flow, on the process's queue client (the test's prefix here).
    const previous = setQueueClient(client);
    try {
      await virusScanQueue.add('scan', { assetId: asset.id });
    } finally {
      setQueueClient(previous);
    }
    await mediaDrained(client);

    const after = await db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(after).toMatchObject({ scanStatus: 'INFECTED', status: 'REJECTED' });
    // clamd names a signature of a database it did not verify `.UNOFFICIAL`.
    expect(after.scanResult).toMatch(/^Eicar-Test-Signature/);
    expect(after.storageKey).toBe(`quarantine/${asset.id}/readme.txt`);
    expect(await storage.stat('uploads/eicar/readme.txt')).toBeUndefined();
    expect(await storage.stat(after.storageKey)).toBeDefined();
    expect(after.thumbnailKey).toBeNull();
    expect(after.previewKey).toBeNull();

    const notifications = await db.notification.findMany({ where: { userId: asset.createdBy } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ id: infectedNotificationId(asset.id), type: 'ASSET_REJECTED' });
    expect(notifications[0]!.message).toContain('Eicar-Test-Signature');
    const delivery = client.queue(notificationDelivery);
    expect((await delivery.getJobs(['waiting'])).map((j) => j.data)).toEqual([
      { notificationId: notifications[0]!.id },
    ]);
    expect(await client.queue(thumbnailGeneration).getJobCountByTypes('waiting', 'completed', 'failed')).toBe(
      0,
    );
    expect(await client.queue(previewGeneration).getJobCountByTypes('waiting', 'completed', 'failed')).toBe(
      0,
    );

    // A duplicate scan (a retry, a second upload hook) notifies no one twice.
    await queueVirusScan(asset.id, { client });
    await mediaDrained(client);
    expect(await db.notification.count({ where: { userId: asset.createdBy } })).toBe(1);
    expect(await storage.stat(after.storageKey)).toBeDefined();
  });

  it('makes thumbnails of a clean image, video, audio file, PDF and DOCX (a type tile), and previews of the video and audio', async ({
    client,
    startRuntime,
  }) => {
    await startRuntime([mediaModule], mediaDeps(db, storage), runtimeOptions);
    const cases = [
      { file: fx.image, key: 'uploads/a/photo.jpg', type: 'IMAGE', mimeType: 'image/jpeg' },
      { file: fx.video, key: 'uploads/b/clip.mp4', type: 'VIDEO', mimeType: 'video/mp4' },
      { file: fx.audio, key: 'uploads/c/tone.mp3', type: 'AUDIO', mimeType: 'audio/mpeg' },
      { file: fx.pdf, key: 'uploads/d/licence.pdf', type: 'DOCUMENT', mimeType: 'application/pdf' },
      {
        file: fx.docx,
        key: 'uploads/f/brief.docx',
        type: 'DOCUMENT',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
    ] as const;
    const assets = [];
    for (const c of cases) {
      await upload(storage, c.key, c.file, c.mimeType);
      const asset = await uploadedAsset(db, c.key, { type: c.type, mimeType: c.mimeType });
      assets.push({ ...c, asset });
      await queueVirusScan(asset.id, { client });
    }
    await mediaDrained(client);

    for (const { asset, type } of assets) {
      const after = await db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } });
      expect(after, type).toMatchObject({ scanStatus: 'CLEAN', mediaError: null });
      expect(after.metadata, type).not.toHaveProperty('mimeMismatch');
      expect(after.thumbnailKey, type).toBe(`thumbnails/${asset.id}/grid.webp`);
      const meta = after.metadata as {
        thumbnails: Record<string, string>;
        durationSeconds?: number;
        width?: number;
      };
      expect(Object.keys(meta.thumbnails).sort(), type).toEqual(['detail.jpeg', 'detail.webp', 'grid.webp']);
      const grid = await sharp(await download(storage, after.thumbnailKey!, 'grid.webp')).metadata();
      expect(grid, type).toMatchObject({ format: 'webp', width: 400, height: 400 });
      const detail = await sharp(
        await download(storage, meta.thumbnails['detail.jpeg']!, 'detail.jpeg'),
      ).metadata();
      expect(detail.format, type).toBe('jpeg');
      expect(Math.max(detail.width!, detail.height!), type).toBeLessThanOrEqual(1200);

      if (type === 'VIDEO' || type === 'AUDIO') {
        expect(after.previewKey, type).toBe(
          `previews/${asset.id}/preview.${type === 'VIDEO' ? 'mp4' : 'mp3'}`,
        );
        const probe = ffprobe(await download(storage, after.previewKey!, 'preview'));
        if (type === 'VIDEO') {
          const video = probe.streams.find((s) => s.codec_type === 'video');
          expect(video).toMatchObject({ codec_name: 'h264' });
          expect(video!.height).toBeLessThanOrEqual(480);
          expect(meta).toMatchObject({ width: 640, height: 360 });
        } else {
          expect(probe.streams.map((s) => s.codec_name)).toEqual(['mp3']);
        }
        expect(meta.durationSeconds, type).toBeGreaterThan(2.5);
        expect(meta.durationSeconds, type).toBeLessThan(5);
      } else {
        expect(after.previewKey, type).toBeNull();
      }
      if (type === 'IMAGE') expect(meta).toMatchObject({ width: 1600, height: 1000 });
    }
    // Each asset's search document is refreshed (pending jobs for one asset collapse into one).
    const refreshed = (await client.queue(searchIndexUpdate).getJobs(['waiting']))
      .map((j) => j.data.entityId)
      .sort();
    expect(refreshed).toEqual(assets.map((a) => a.asset.id).sort());
  });

  it('skips a preview queued before the scan, then makes it once the scan finds the file clean', async ({
    client,
    startRuntime,
  }) => {
    await startRuntime([mediaModule], mediaDeps(db, storage), runtimeOptions);
    await upload(storage, 'uploads/e/early.mp3', fx.audio, 'audio/mpeg');
    const asset = await uploadedAsset(db, 'uploads/e/early.mp3', { type: 'AUDIO', mimeType: 'audio/mpeg' });
    const previous = setQueueClient(client);
    try {
      await assetPreviewQueue.add('generate-preview', {
        assetId: asset.id,
        storageKey: asset.storageKey,
        type: 'AUDIO',
        mimeType: asset.mimeType,
      });
    } finally {
      setQueueClient(previous);
    }
    await mediaDrained(client);
    expect((await db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } })).previewKey).toBeNull();

    await queueVirusScan(asset.id, { client });
    await until(
      async () => (await db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } })).previewKey,
      120_000,
      'preview',
    );
    await mediaDrained(client);
  });
});
