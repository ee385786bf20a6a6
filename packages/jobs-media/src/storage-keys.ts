import { basename } from 'node:path';

/** Where an asset's generated and quarantined files go: under its id, apart from uploads. */
export const thumbnailKey = (assetId: string, file: string) => `thumbnails/${assetId}/${file}`;
export const previewKey = (assetId: string, extension: 'mp4' | 'mp3') =>
  `previews/${assetId}/preview.${extension}`;
export const QUARANTINE_PREFIX = 'quarantine/';
/** An infected upload's new place: no public URL serves this prefix (see the README). */
export const quarantineKey = (assetId: string, uploadKey: string) =>
  `${QUARANTINE_PREFIX}${assetId}/${basename(uploadKey)}`;
