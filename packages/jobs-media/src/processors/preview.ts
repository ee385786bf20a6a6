import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type previewGeneration, searchIndexUpdate } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import { loadAsset, recordMediaError, recordRenditions } from '../asset-record';
import type { MediaDeps } from '../deps';
import { checkKind } from '../detect-kind';
import { settle } from '../failures';
import { MediaRejectedError } from '../media-errors';
import { encodePreview } from '../renditions/previews';
import { checkStorageKey } from '../storage/storage-key';
import { previewKey } from '../storage-keys';
import { probeMedia } from '../tools/ffprobe';
import { notClean } from './gate';

export type PreviewResult =
  | {
      outcome: 'generated';
      previewKey: string;
      durationSeconds?: number;
      width?: number;
      height?: number;
    }
  | { outcome: 'skipped'; reason: string };

/**
 * A short low-resolution H.264 MP4 for a video, a 30-second MP3 for audio; the source's duration
 * and size go in the asset's metadata, the preview's key on the asset, and its search document is
 * refreshed. ffmpeg writes to a temporary file; storage gets it whole or not at all.
 */
export const generatePreview: Processor<typeof previewGeneration, MediaDeps, PreviewResult> = async (
  job,
  deps,
) => {
  const { db, storage, mediaTools, queues, logger } = deps;
  const asset = await loadAsset(db, job.data.assetId);
  const skip =
    notClean(asset) ??
    (asset.type === 'VIDEO' || asset.type === 'AUDIO' ? undefined : `a ${asset.type} has no preview`);
  if (skip) {
    await job.log(`skipped: ${skip}`);
    return { outcome: 'skipped', reason: skip };
  }
  const kind = asset.type as 'VIDEO' | 'AUDIO';
  const workDir = await mkdtemp(join(tmpdir(), 'yg-media-preview-'));
  try {
    const key = checkStorageKey(asset.storageKey);
    const output = join(workDir, kind === 'VIDEO' ? 'preview.mp4' : 'preview.mp3');
    const probe = await storage.withLocalFile(key, async (file) => {
      await checkKind(file, asset);
      const probed = await probeMedia(mediaTools, file);
      if (kind === 'VIDEO' && !probed.hasVideo)
        throw new MediaRejectedError('the video file has no video stream');
      if (kind === 'AUDIO' && !probed.hasAudio)
        throw new MediaRejectedError('the audio file has no audio stream');
      logger.info({ assetId: asset.id, jobId: job.id }, 'preview: encoding');
      await encodePreview(mediaTools, kind, file, output);
      return probed;
    });
    const target = previewKey(asset.id, kind === 'VIDEO' ? 'mp4' : 'mp3');
    await storage.putFile(target, output, kind === 'VIDEO' ? 'video/mp4' : 'audio/mpeg');
    const media = {
      ...(probe.durationSeconds !== undefined ? { durationSeconds: probe.durationSeconds } : {}),
      ...(probe.width ? { width: probe.width, height: probe.height } : {}),
    };
    await recordRenditions(db, asset.id, 'preview_key', target, { ...media, preview: target });
    await queues.enqueue(searchIndexUpdate, { entityType: 'asset', entityId: asset.id, operation: 'update' });
    return { outcome: 'generated', previewKey: target, ...media };
  } catch (error) {
    const settled = settle(job, error);
    if (settled.kind === 'retry') throw settled.error;
    await recordMediaError(db, asset.id, `preview: ${settled.message}`);
    throw settled.error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
};
