import { lazySchema } from '@yg/job-contracts';
import { type Env, envCount, readEnv } from '@yg/queue-core';
import { createClamdScanner, type VirusScanner } from './scanner/clamd-scanner';
import { createLocalStorage } from './storage/local-storage';
import { createS3Storage } from './storage/s3-storage';
import type { Storage } from './storage/storage';
import type { MediaTools } from './tools/media-tools';

const MediaEnv = lazySchema((z) =>
  z.object({
    STORAGE_DIR: z.string().default('./storage'),
    STORAGE_S3_BUCKET: z.string().min(3).max(63).optional(),
    STORAGE_S3_ENDPOINT: z.url().optional(),
    STORAGE_S3_REGION: z.string().default('us-east-1'),
    STORAGE_S3_ACCESS_KEY_ID: z.string().optional(),
    STORAGE_S3_SECRET_ACCESS_KEY: z.string().optional(),
    STORAGE_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
    CLAMD_HOST: z.string().default('127.0.0.1'),
    CLAMD_PORT: envCount(65_535).default(3310),
    CLAMD_TIMEOUT_MS: envCount(3_600_000).default(60_000),
    FFMPEG_PATH: z.string().default('ffmpeg'),
    FFPROBE_PATH: z.string().default('ffprobe'),
    PDFTOPPM_PATH: z.string().default('pdftoppm'),
    MEDIA_TOOL_TIMEOUT_MS: envCount(86_400_000).default(600_000),
  }),
);

export interface MediaSetup {
  storage: Storage;
  scanner: VirusScanner;
  mediaTools: MediaTools;
}

/**
 * The media deps from the environment: S3-compatible storage when `STORAGE_S3_BUCKET` is set,
 * else the local folder `STORAGE_DIR`; clamd at `CLAMD_HOST:CLAMD_PORT`; the binaries by their
 * path variables. A bad value throws `ConfigError` naming the variable, never its value.
 */
export function createMediaSetupFromEnv(env: Env = process.env): MediaSetup {
  const e = readEnv(MediaEnv, env);
  const storage = e.STORAGE_S3_BUCKET
    ? createS3Storage({
        bucket: e.STORAGE_S3_BUCKET,
        region: e.STORAGE_S3_REGION,
        ...(e.STORAGE_S3_ENDPOINT ? { endpoint: e.STORAGE_S3_ENDPOINT } : {}),
        ...(e.STORAGE_S3_ACCESS_KEY_ID ? { accessKeyId: e.STORAGE_S3_ACCESS_KEY_ID } : {}),
        ...(e.STORAGE_S3_SECRET_ACCESS_KEY ? { secretAccessKey: e.STORAGE_S3_SECRET_ACCESS_KEY } : {}),
        ...(e.STORAGE_S3_FORCE_PATH_STYLE
          ? { forcePathStyle: e.STORAGE_S3_FORCE_PATH_STYLE === 'true' }
          : {}),
      })
    : createLocalStorage(e.STORAGE_DIR);
  return {
    storage,
    scanner: createClamdScanner({ host: e.CLAMD_HOST, port: e.CLAMD_PORT, timeoutMs: e.CLAMD_TIMEOUT_MS }),
    mediaTools: {
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      pdftoppmPath: e.PDFTOPPM_PATH,
      timeoutMs: e.MEDIA_TOOL_TIMEOUT_MS,
    },
  };
}
