import { previewGeneration, thumbnailGeneration, virusScan } from '@yg/job-contracts';
import { lazyQueue } from '@yg/queue-core';

/** Scans of new uploads: `virusScanQueue.add('scan', { assetId })`. Connects on first use. */
export const virusScanQueue = lazyQueue(virusScan);
/** Thumbnail jobs (queued by a clean scan). */
export const thumbnailQueue = lazyQueue(thumbnailGeneration);
/** Preview jobs: `assetPreviewQueue.add('generate-preview', { assetId, storageKey, type, mimeType })`. */
export const assetPreviewQueue = lazyQueue(previewGeneration);
