/** One stored thumbnail: a size a page shows, in a format browsers take. */
export interface ThumbnailRendition {
  /** `grid-webp`: the marketplace grid's square tile; `detail-*`: the asset page; `large-webp`: zoom. */
  name: string;
  width: number;
  height: number;
  /** `cover` crops to the box (a uniform grid); `inside` keeps the whole picture. */
  fit: 'cover' | 'inside';
  format: 'webp' | 'jpeg';
}

export const THUMBNAIL_RENDITIONS: readonly ThumbnailRendition[] = [
  { name: 'grid', width: 400, height: 400, fit: 'cover', format: 'webp' },
  { name: 'detail', width: 1200, height: 1200, fit: 'inside', format: 'webp' },
  // JPEG beside WebP for mail clients and link previews, which may not show WebP.
  { name: 'detail', width: 1200, height: 1200, fit: 'inside', format: 'jpeg' },
];

/** The rendition whose key goes in the asset's `thumbnailKey`. */
export const PRIMARY_RENDITION = 'grid.webp';

export const contentTypeOf = (format: 'webp' | 'jpeg' | 'png') => `image/${format}`;
