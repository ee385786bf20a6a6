import type { PrismaClient } from '@yg/db';
import type { VirusScanner } from './scanner/clamd-scanner';
import type { Storage } from './storage/storage';
import type { MediaTools } from './tools/media-tools';

/** What the media processors need besides the core deps (logger, clock, queues). */
export interface MediaDeps {
  db: PrismaClient;
  /** Where uploads, thumbnails, previews and quarantined files live. */
  storage: Storage;
  /** clamd, over its INSTREAM protocol. */
  scanner: VirusScanner;
  /** ffmpeg, ffprobe and pdftoppm paths and their time limit. */
  mediaTools: MediaTools;
}
