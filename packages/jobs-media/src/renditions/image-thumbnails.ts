import { join } from 'node:path';
import { loadSharp } from './sharp-loader';
import { THUMBNAIL_RENDITIONS } from './thumbnail-sizes';

export interface WrittenThumbnail {
  /** `grid.webp`, `detail.jpeg`, … */
  file: string;
  path: string;
  format: 'webp' | 'jpeg';
}

/**
 * Every thumbnail size from one picture, read once by sharp (from the file: streamed by libvips,
 * never whole in the JS heap). Orientation from EXIF is applied, metadata stripped.
 */
export async function writeImageThumbnails(source: string, outDir: string): Promise<WrittenThumbnail[]> {
  const sharp = await loadSharp();
  // `failOn: 'error'`: a truncated image fails here, clearly, rather than giving a grey half.
  const base = sharp(source, { failOn: 'error', limitInputPixels: 268_402_689 }).rotate();
  return Promise.all(
    THUMBNAIL_RENDITIONS.map(async (r) => {
      const file = `${r.name}.${r.format}`;
      const path = join(outDir, file);
      const resized = base
        .clone()
        .resize({ width: r.width, height: r.height, fit: r.fit, withoutEnlargement: r.fit === 'inside' });
      await (r.format === 'webp'
        ? resized.webp({ quality: 80 })
        : resized.jpeg({ quality: 82, mozjpeg: true })
      ).toFile(path);
      return { file, path, format: r.format };
    }),
  );
}

/** An image's size, read from its header. */
export async function imageSize(source: string): Promise<{ width?: number; height?: number }> {
  const sharp = await loadSharp();
  const { width, height, autoOrient } = await sharp(source).metadata();
  const oriented = autoOrient ?? { width, height };
  return {
    ...(oriented.width ? { width: oriented.width } : {}),
    ...(oriented.height ? { height: oriented.height } : {}),
  };
}
