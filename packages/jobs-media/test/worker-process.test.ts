import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewGeneration } from '@yg/job-contracts';
import { REDIS_URL, type RunningProcess, runProcess } from '@yg/testing';
import { writeTestClip } from '@yg/testing/test-clip';
import { afterAll, afterEach, describe, expect } from 'vitest';
import { queuePreviewGeneration, queueVirusScan } from '../src/index';
import { createS3Storage } from '../src/worker';
import { CLAMD, mediaTest as it, mediaDrained, tools, until, uploadedAsset } from './support/media-test';
import { startS3Server } from './support/s3-server';

const scratch = mkdtempSync(join(tmpdir(), 'yg-media-process-'));
let worker: RunningProcess | undefined;

afterEach(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  worker = undefined;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Seconds of 720p test pattern as uncompressed video: large on disk, quick to make. */
function rawVideo(name: string, seconds: number): string {
  const path = join(scratch, name);
  writeTestClip(tools.ffmpegPath, path, { size: '1280x720', seconds, encoding: 'raw' });
  return path;
}

function workerEnv(databaseUrl: string, prefix: string, storage: Record<string, string>) {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    BULLMQ_PREFIX: prefix,
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    LOG_LEVEL: 'info',
    CLAMD_HOST: CLAMD.host,
    CLAMD_PORT: String(CLAMD.port),
    FFMPEG_PATH: tools.ffmpegPath,
    FFPROBE_PATH: tools.ffprobePath,
    ...storage,
  };
}

describe('a media worker process', () => {
  it('killed mid-preview and restarted, finishes the preview; the final key never holds half a file', async ({
    client,
    database,
    prefix,
  }) => {
    const root = join(scratch, 'storage');
    const video = rawVideo('kill.mkv', 12);
    const { createLocalStorage } = await import('../src/worker');
    const storage = createLocalStorage(root);
    await storage.putFile('uploads/kill.mkv', video, 'video/x-matroska');
    const asset = await uploadedAsset(database.db, 'uploads/kill.mkv', {
      type: 'VIDEO',
      mimeType: 'video/x-matroska',
    });
    await database.db.ipAsset.update({ where: { id: asset.id }, data: { scanStatus: 'CLEAN' } });
    const env = workerEnv(database.url, prefix, { STORAGE_DIR: root });

    worker = runProcess(new URL('./processes/media-worker.mjs', import.meta.url), { env });
    await worker.waitFor('media worker ready', 60_000);
    const { jobId } = await queuePreviewGeneration(
      { assetId: asset.id, storageKey: asset.storageKey, type: 'VIDEO', mimeType: asset.mimeType },
      { client },
    );
    await worker.waitFor('preview: encoding', 60_000);
    worker.child.kill('SIGKILL');
    await worker.exited;

    // Killed while ffmpeg encoded: nothing under the final key, no partial file beside it.
    const finalKey = `previews/${asset.id}/preview.mp4`;
    expect(await storage.stat(finalKey)).toBeUndefined();
    const previewDir = join(root, 'previews', asset.id);
    const leftovers = (() => {
      try {
        return readdirSync(previewDir);
      } catch {
        return [];
      }
    })();
    expect(leftovers).toEqual([]);
    expect((await database.db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } })).previewKey).toBeNull();

    worker = runProcess(new URL('./processes/media-worker.mjs', import.meta.url), { env });
    await worker.waitFor('media worker ready', 60_000);
    await until(
      async () => (await client.queue(previewGeneration).getJobState(jobId)) === 'completed',
      180_000,
      'preview',
    );
    const after = await database.db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(after.previewKey).toBe(finalKey);
    const probe = JSON.parse(
      execFileSync(tools.ffprobePath, [
        '-v',
        'error',
        '-print_format',
        'json',
        '-show_streams',
        '-show_format',
        join(root, finalKey),
      ]).toString(),
    ) as { streams: { codec_name: string; height?: number }[]; format: { duration: string } };
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(Number(probe.format.duration)).toBeGreaterThan(11);
    expect(readdirSync(join(root, 'previews', asset.id))).toEqual(['preview.mp4']);
    expect(after.metadata).toMatchObject({ width: 1280, height: 720 });
  });

  it('keeps its memory bounded while scanning and previewing a large video from S3', async ({
    client,
    database,
    prefix,
  }) => {
    const video = rawVideo('large.mkv', 12);
    const size = statSync(video).size;
    const server = await startS3Server();
    const s3 = {
      STORAGE_S3_BUCKET: server.bucket,
      STORAGE_S3_ENDPOINT: server.endpoint,
      STORAGE_S3_ACCESS_KEY_ID: 'S3RVER',
      STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const storage = createS3Storage({
      bucket: server.bucket,
      endpoint: server.endpoint,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    try {
      await storage.putFile('uploads/large.mkv', video, 'video/x-matroska');
      const asset = await uploadedAsset(database.db, 'uploads/large.mkv', {
        type: 'VIDEO',
        mimeType: 'video/x-matroska',
      });
      worker = runProcess(new URL('./processes/media-worker.mjs', import.meta.url), {
        env: workerEnv(database.url, prefix, s3),
      });
      await worker.waitFor('media worker ready', 60_000);
      await queueVirusScan(asset.id, { client });
      await mediaDrained(client, 300_000);
      const after = await database.db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } });
      expect(after).toMatchObject({ scanStatus: 'CLEAN', mediaError: null });
      expect(after.previewKey).toBe(`previews/${asset.id}/preview.mp4`);
      expect(after.thumbnailKey).not.toBeNull();

      // The worker's peak resident memory over its whole life: start, scan, thumbnail, preview.
      const status = readFileSync(`/proc/${worker.child.pid}/status`, 'utf8');
      const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]);
      const peakMb = Math.round(peakKb / 1024);
      console.log(
        `[media] peak RSS of the worker: ${peakMb} MB for a ${Math.round(size / 2 ** 20)} MB video on S3`,
      );
      // The file went through the process three times (scan, thumbnail, preview) as streams: the
      // peak is the loaded libraries' (Prisma, AWS SDK, sharp), not the file's size.
      expect(size).toBeGreaterThan(400 * 2 ** 20);
      expect(peakMb).toBeLessThan(300);
    } finally {
      await storage.close?.();
      await server.close();
    }
    // A few hundred MB through s3rver, clamd and ffmpeg on a shared machine: minutes, not seconds.
  }, 400_000);
});
