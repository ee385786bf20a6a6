import { previewGeneration, thumbnailGeneration, virusScan } from '@yg/job-contracts';
import { defineJobModule } from '@yg/queue-core';
import type { MediaDeps } from './deps';
import { generatePreview } from './processors/preview';
import { scanUpload } from './processors/scan';
import { generateThumbnail } from './processors/thumbnail';

/**
 * The media group: scan → thumbnail and preview, each on its own queue so that slow video
 * encodes never hold up the scans new uploads wait for. ffmpeg takes a core per job: few at once.
 */
export const mediaModule = defineJobModule<MediaDeps>()({
  group: 'media',
  label: 'Media',
  processors: {
    scan: { contract: virusScan, process: scanUpload, concurrency: 4 },
    thumbnail: { contract: thumbnailGeneration, process: generateThumbnail, concurrency: 2 },
    preview: { contract: previewGeneration, process: generatePreview, concurrency: 1 },
  },
});
