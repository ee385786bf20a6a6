import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { previewGeneration, searchIndexUpdate, type thumbnailGeneration } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import { loadAsset, recordMediaError, recordRenditions } from '../asset-record';
import type { MediaDeps } from '../deps';
import { checkKind } from '../detect-kind';
import { settle } from '../failures';
import { imageSize, writeImageThumbnails } from '../renditions/image-thumbnails';
import { writePlaceholder } from '../renditions/placeholder';
import { drawWaveform, extractVideoFrame, renderPdfFirstPage } from '../renditions/source-images';
import { contentTypeOf, PRIMARY_RENDITION } from '../renditions/thumbnail-sizes';
import { checkStorageKey } from '../storage/storage-key';
import { thumbnailKey } from '../storage-keys';
import { probeMedia } from '../tools/ffprobe';
import { notClean } from './gate';

export type ThumbnailResult =
  | { outcome: 'generated'; thumbnailKey: string; keys: Record<string, string>; source: string }
  | { outcome: 'skipped'; reason: string };

/**
 * The thumbnails a grid and a detail page need (WebP, and JPEG for the detail size), from the
 * picture itself, a representative video frame, an audio waveform, a PDF's first page, or a type
 * placeholder for other documents. Keys go on the asset; its search document is refreshed.
 */
export const generateThumbnail: Processor<typeof thumbnailGeneration, MediaDeps, ThumbnailResult> = async (
  job,
  deps,
) => {
  const { db, storage, mediaTools, queues } = deps;
  const asset = await loadAsset(db, job.data.assetId);
  const skip = notClean(asset);
  if (skip) {
    await job.log(`skipped: ${skip}`);
    return { outcome: 'skipped', reason: skip };
  }
  const workDir = await mkdtemp(join(tmpdir(), 'yg-media-thumb-'));
  try {
    const key = checkStorageKey(asset.storageKey);
    const made = await storage.withLocalFile(key, async (file) => {
      const kind = await checkKind(file, asset);
      let source: string;
      let sourceKind: string;
      const metadata: Record<string, unknown> = {};
      if (asset.type === 'IMAGE') {
        source = file;
        sourceKind = 'image';
        Object.assign(metadata, await imageSize(file));
      } else if (asset.type === 'VIDEO') {
        const probe = await probeMedia(mediaTools, file);
        source = await extractVideoFrame(mediaTools, file, workDir, probe.durationSeconds);
        sourceKind = 'video frame';
      } else if (asset.type === 'AUDIO') {
        source = await drawWaveform(mediaTools, file, workDir);
        sourceKind = 'waveform';
      } else if (kind.real?.mimeType === 'application/pdf') {
        source = await renderPdfFirstPage(mediaTools, file, workDir);
        sourceKind = 'pdf first page';
      } else {
        source = join(workDir, 'placeholder.png');
        await writePlaceholder(extname(key).slice(1) || (asset.mimeType.split('/')[1] ?? 'file'), source);
        sourceKind = 'type placeholder';
      }
      const thumbnails = await writeImageThumbnails(source, workDir);
      return { thumbnails, sourceKind, metadata, kind };
    });
    const keys: Record<string, string> = {};
    for (const thumbnail of made.thumbnails) {
      const target = thumbnailKey(asset.id, thumbnail.file);
      await storage.putFile(target, thumbnail.path, contentTypeOf(thumbnail.format));
      keys[thumbnail.file] = target;
    }
    const primary = keys[PRIMARY_RENDITION]!;
    await recordRenditions(db, asset.id, 'thumbnail_key', primary, {
      ...made.metadata,
      thumbnails: keys,
      ...(made.kind.real ? { detectedMimeType: made.kind.real.mimeType } : {}),
      ...(made.kind.mimeMismatch ? { mimeMismatch: made.kind.mimeMismatch } : {}),
    });
    if (made.kind.mimeMismatch) await job.log(`mime type mismatch: ${made.kind.mimeMismatch}`);
    await queues.enqueue(searchIndexUpdate, { entityType: 'asset', entityId: asset.id, operation: 'update' });
    // Video and audio go on to their preview now that the frame grab or waveform is done.
    if ((asset.type === 'VIDEO' || asset.type === 'AUDIO') && !asset.previewKey) {
      await queues.enqueue(previewGeneration, {
        assetId: asset.id,
        storageKey: asset.storageKey,
        type: asset.type,
        mimeType: asset.mimeType,
      });
    }
    return { outcome: 'generated', thumbnailKey: primary, keys, source: made.sourceKind };
  } catch (error) {
    const settled = settle(job, error);
    if (settled.kind === 'retry') throw settled.error;
    await recordMediaError(db, asset.id, `thumbnail: ${settled.message}`);
    throw settled.error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
};
