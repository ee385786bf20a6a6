// Media: our jobs (through the queue, the worker, storage and the database) beside the same
// ffmpeg commands, sharp pipelines and clamd scans run raw in the same run.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { queueThumbnailGeneration, queueVirusScan } from '@yg/jobs-media';
import { videoFrameArgs, videoPreviewArgs, writeImageThumbnails } from '@yg/jobs-media/worker';
import { writeTestClip } from '@yg/testing/test-clip';
import sharp from 'sharp';
import { CLAMD, type MediaWorld, tools, until, withMediaWorld } from './world';

const IMAGES = 24;
const SCAN_FILES = 4;
const SCAN_FILE_MB = 64;

async function createAsset(
  world: MediaWorld,
  key: string,
  type: 'IMAGE' | 'VIDEO' | 'DOCUMENT',
  mimeType: string,
  fields: { scanStatus?: 'CLEAN' | 'PENDING'; thumbnailKey?: string } = {},
) {
  return world.database.db.ipAsset.create({
    data: { title: key, type, mimeType, storageKey: key, fileSize: 1n, createdBy: world.ownerId, ...fields },
  });
}

/** Runs `tasks` at most `width` at a time: the raw side gets the worker's concurrency. */
async function pool(width: number, tasks: (() => Promise<unknown>)[]): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}

export async function mediaVideo(): Promise<Row[]> {
  return withMediaWorld(async (world) => {
    const clip = join(world.dir, 'clip.mp4');
    writeTestClip(tools.ffmpegPath, clip, { size: '1280x720', seconds: 10, encoding: 'h264' });
    await world.storage.putFile('uploads/clip.mp4', clip, 'video/mp4');
    const { db } = world.database;
    const result = await compare(
      3,
      async () => {
        const asset = await createAsset(world, 'uploads/clip.mp4', 'VIDEO', 'video/mp4', {
          scanStatus: 'CLEAN',
        });
        const payload = {
          assetId: asset.id,
          storageKey: asset.storageKey,
          type: 'VIDEO',
          mimeType: 'video/mp4',
        } as const;
        return timeIt(async () => {
          // The thumbnail job queues the preview when done, as after a scan.
          await queueThumbnailGeneration(payload, { client: world.client });
          await until(async () => {
            const a = await db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } });
            if (a.mediaError) throw new Error(a.mediaError);
            return Boolean(a.thumbnailKey && a.previewKey);
          });
        });
      },
      () =>
        timeIt(async () => {
          // The same commands by hand: probe, frame, thumbnails of the frame, preview.
          const out = join(world.dir, 'raw');
          execFileSync(tools.ffprobePath, [
            '-v',
            'error',
            '-print_format',
            'json',
            '-show_format',
            '-show_streams',
            clip,
          ]);
          mkdirSync(out, { recursive: true });
          execFileSync(tools.ffmpegPath, videoFrameArgs(clip, join(out, 'frame.png'), 10));
          await writeImageThumbnails(join(out, 'frame.png'), out);
          execFileSync(tools.ffmpegPath, videoPreviewArgs(clip, join(out, 'preview.mp4')));
        }),
    );
    return [
      {
        name: 'thumbnail + preview of a 10 s 720p clip',
        ours: result.ours / 1000,
        raw: result.raw / 1000,
        unit: 's',
        lowerIsBetter: true,
        // At most 1.2× the raw time.
        goal: 0.83,
      },
    ];
  });
}

export async function mediaImages(): Promise<Row[]> {
  return withMediaWorld(async (world) => {
    const files: string[] = [];
    for (let i = 0; i < IMAGES; i++) {
      const file = join(world.dir, `photo-${i}.jpg`);
      const noise = Buffer.alloc(400 * 250 * 3);
      randomFillSync(noise);
      // Noise scaled up: a photo-like amount of detail for the encoders, different per file.
      await sharp(noise, { raw: { width: 400, height: 250, channels: 3 } })
        .resize(2400, 1500)
        .jpeg({ quality: 85 })
        .toFile(file);
      await world.storage.putFile(`uploads/photo-${i}.jpg`, file, 'image/jpeg');
      files.push(file);
    }
    const { db } = world.database;
    const result = await compare(
      3,
      async () => {
        const assets: { id: string; storageKey: string }[] = [];
        for (let i = 0; i < IMAGES; i++) {
          assets.push(
            await createAsset(world, `uploads/photo-${i}.jpg`, 'IMAGE', 'image/jpeg', {
              scanStatus: 'CLEAN',
            }),
          );
        }
        const ms = await timeIt(async () => {
          for (const asset of assets) {
            await queueThumbnailGeneration(
              { assetId: asset.id, storageKey: asset.storageKey, type: 'IMAGE', mimeType: 'image/jpeg' },
              { client: world.client },
            );
          }
          const ids = assets.map((a) => a.id);
          await until(
            async () =>
              (await db.ipAsset.count({ where: { id: { in: ids }, thumbnailKey: { not: null } } })) ===
              ids.length,
          );
        });
        return IMAGES / (ms / 1000);
      },
      async () => {
        const out = join(world.dir, 'raw-thumbs');
        const dirs = files.map((_, i) => join(out, String(i)));
        for (const dir of dirs) mkdirSync(dir, { recursive: true });
        // The worker's concurrency for thumbnails (2), the same renditions.
        const ms = await timeIt(() =>
          pool(
            2,
            files.map((file, i) => () => writeImageThumbnails(file, dirs[i]!)),
          ),
        );
        return IMAGES / (ms / 1000);
      },
    );
    return [
      {
        name: `image thumbnails (3 renditions each, ${IMAGES} photos 2400×1500)`,
        ours: result.ours,
        raw: result.raw,
        unit: 'images/s',
        goal: 0.8,
      },
    ];
  });
}

export async function mediaScan(): Promise<Row[]> {
  return withMediaWorld(async (world) => {
    const files: string[] = [];
    for (let i = 0; i < SCAN_FILES; i++) {
      const file = join(world.dir, `upload-${i}.bin`);
      const bytes = Buffer.alloc(SCAN_FILE_MB * 2 ** 20);
      randomFillSync(bytes);
      writeFileSync(file, bytes);
      await world.storage.putFile(`uploads/upload-${i}.bin`, file, 'application/octet-stream');
      files.push(file);
    }
    const config = join(world.dir, 'clamd-client.conf');
    writeFileSync(config, `TCPSocket ${CLAMD.port}\nTCPAddr ${CLAMD.host}\n`);
    const totalMb = SCAN_FILES * SCAN_FILE_MB;
    const { db } = world.database;
    const result = await compare(
      3,
      async () => {
        const assets: { id: string; storageKey: string }[] = [];
        for (let i = 0; i < SCAN_FILES; i++) {
          // Thumbnails "already made": the scan queues no follow-up work to weigh on the timing.
          assets.push(
            await createAsset(world, `uploads/upload-${i}.bin`, 'DOCUMENT', 'application/octet-stream', {
              thumbnailKey: 'x',
            }),
          );
        }
        const ms = await timeIt(async () => {
          for (const asset of assets) await queueVirusScan(asset.id, { client: world.client });
          const ids = assets.map((a) => a.id);
          await until(
            async () =>
              (await db.ipAsset.count({ where: { id: { in: ids }, scanStatus: 'CLEAN' } })) === ids.length,
          );
        });
        return totalMb / (ms / 1000);
      },
      async () => {
        const ms = await timeIt(async () => {
          execFileSync('clamdscan', [`--config-file=${config}`, '--stream', '--no-summary', ...files]);
        });
        return totalMb / (ms / 1000);
      },
    );
    return [
      {
        name: `virus scan, ${SCAN_FILES} files of ${SCAN_FILE_MB} MB`,
        ours: result.ours,
        raw: result.raw,
        unit: 'MB/s',
        goal: 0.8,
      },
    ];
  });
}
