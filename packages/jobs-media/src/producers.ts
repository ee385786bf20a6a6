import {
  type PreviewPayload,
  previewGeneration,
  type ThumbnailPayload,
  thumbnailGeneration,
  virusScan,
} from '@yg/job-contracts';
import { type EnqueueResult, type ProducerOptions, producerClient } from '@yg/queue-core';

/**
 * Scans an uploaded asset's file; a clean one goes on to thumbnail and (video, audio) preview by
 * itself. Pending duplicates for one asset collapse into one job.
 */
export function queueVirusScan(assetId: string, options?: ProducerOptions): Promise<EnqueueResult> {
  return producerClient(options).enqueue(virusScan, { assetId });
}

/** Regenerates an asset's thumbnails (only for a file already scanned clean; others are skipped). */
export function queueThumbnailGeneration(
  payload: ThumbnailPayload,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(thumbnailGeneration, payload);
}

/** Regenerates a video's or audio file's preview (only for a file already scanned clean). */
export function queuePreviewGeneration(
  payload: PreviewPayload,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(previewGeneration, payload);
}
