// The root export: queues and producers, light enough for a web request handler — no sharp,
// ffmpeg, AWS SDK or database client is loaded by importing it.

export type { AssetType, PreviewPayload, ThumbnailPayload, VirusScanPayload } from '@yg/job-contracts';
export type { EnqueueResult, ProducerOptions } from '@yg/queue-core';
export { queuePreviewGeneration, queueThumbnailGeneration, queueVirusScan } from './producers';
export { assetPreviewQueue, thumbnailQueue, virusScanQueue } from './queues';
