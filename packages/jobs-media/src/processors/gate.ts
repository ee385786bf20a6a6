import type { IpAsset } from '@yg/db';

/**
 * Nothing is generated from a file that is not known clean. A job queued before the scan (the
 * preview queue is public) is skipped: the scan queues its own when the file turns out clean.
 */
export function notClean(asset: IpAsset): string | undefined {
  if (asset.deletedAt) return 'asset deleted';
  if (asset.scanStatus !== 'CLEAN') return `scan status is ${asset.scanStatus}, not CLEAN`;
  return undefined;
}
