// `@yg/jobs-media/worker`: what a worker app composes — the media module (health group `media`:
// scan, thumbnail and preview queues), its deps, and the storages and scanner they are made of.

export { createMediaSetupFromEnv, type MediaSetup } from './config';
export type { MediaDeps } from './deps';
export { type FileKind, sniffFileKind } from './file-kind';
export { mediaModule } from './module';
export type { PreviewResult } from './processors/preview';
export { infectedNotificationId, type ScanResult } from './processors/scan';
export type { ThumbnailResult } from './processors/thumbnail';
export { writeImageThumbnails } from './renditions/image-thumbnails';
// The exact ffmpeg commands the jobs run, for tools (and the benchmark) that run them raw.
export {
  AUDIO_PREVIEW_SECONDS,
  audioPreviewArgs,
  VIDEO_PREVIEW_SECONDS,
  videoPreviewArgs,
} from './renditions/previews';
export { videoFrameArgs, waveformArgs } from './renditions/source-images';
export { THUMBNAIL_RENDITIONS, type ThumbnailRendition } from './renditions/thumbnail-sizes';
export {
  type ClamdOptions,
  createClamdScanner,
  ScanRefusedError,
  type ScanVerdict,
  type VirusScanner,
} from './scanner/clamd-scanner';
export { createLocalStorage } from './storage/local-storage';
export { createS3Storage, type S3StorageOptions } from './storage/s3-storage';
export type { Storage } from './storage/storage';
export { StorageKeyError, StorageObjectMissingError } from './storage/storage-errors';
export type { MediaTools } from './tools/media-tools';
