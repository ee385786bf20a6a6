import type { z } from 'zod';
import { defineContract } from '../contract';
import { EntityId, MimeType, StorageKey } from '../fields';
import { builtSchema, lazySchema } from '../lazy-schema';

export const AssetType = lazySchema((z) => z.enum(['IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT']));
export type AssetType = z.infer<typeof AssetType>;

export const VirusScanPayload = lazySchema((z) => z.strictObject({ assetId: builtSchema(EntityId) }));
export type VirusScanPayload = z.infer<typeof VirusScanPayload>;

/** Scan an uploaded file; a clean one goes on to thumbnail and preview. */
export const virusScan = defineContract({
  queue: 'media-virus-scan',
  name: 'scan',
  schema: VirusScanPayload,
  deduplication: { id: (p) => `scan:${p.assetId}`, keepLastIfActive: false },
});

export const ThumbnailPayload = lazySchema((z) =>
  z.strictObject({
    assetId: builtSchema(EntityId),
    storageKey: builtSchema(StorageKey),
    type: builtSchema(AssetType),
    mimeType: builtSchema(MimeType),
  }),
);
export type ThumbnailPayload = z.infer<typeof ThumbnailPayload>;

export const thumbnailGeneration = defineContract({
  queue: 'media-thumbnail',
  name: 'generate-thumbnail',
  schema: ThumbnailPayload,
  deduplication: { id: (p) => `thumbnail:${p.assetId}`, keepLastIfActive: true },
});

export const PreviewPayload = lazySchema((z) =>
  z.strictObject({
    assetId: builtSchema(EntityId),
    storageKey: builtSchema(StorageKey),
    type: z.enum(['VIDEO', 'AUDIO']),
    mimeType: builtSchema(MimeType),
  }),
);
export type PreviewPayload = z.infer<typeof PreviewPayload>;

/** A short low-resolution H.264 clip for video, a 30-second MP3 for audio. */
export const previewGeneration = defineContract({
  queue: 'media-preview',
  name: 'generate-preview',
  schema: PreviewPayload,
  defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
  deduplication: { id: (p) => `preview:${p.assetId}`, keepLastIfActive: true },
});
