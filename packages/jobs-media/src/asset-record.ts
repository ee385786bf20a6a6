import type { IpAsset, PrismaClient } from '@yg/db';
import { UnrecoverableError } from '@yg/queue-core';

/** The asset, or an unrecoverable error: a job about an asset that is gone can never succeed. */
export async function loadAsset(db: PrismaClient, assetId: string): Promise<IpAsset> {
  const asset = await db.ipAsset.findUnique({ where: { id: assetId } });
  if (!asset) throw new UnrecoverableError(`asset ${assetId} does not exist`);
  return asset;
}

/**
 * Records generated files on the asset: one key column and the metadata merged in one statement
 * (`||` on jsonb), so that the thumbnail and preview jobs, running at once, never drop each
 * other's fields.
 */
export async function recordRenditions(
  db: PrismaClient,
  assetId: string,
  column: 'thumbnail_key' | 'preview_key',
  key: string,
  metadata: Record<string, unknown>,
): Promise<void> {
  const json = JSON.stringify(metadata);
  // A success clears an earlier failure of the same step (`thumbnail: …`), not the other's.
  if (column === 'thumbnail_key') {
    await db.$executeRaw`UPDATE ip_assets SET thumbnail_key = ${key},
      metadata = COALESCE(metadata, '{}'::jsonb) || ${json}::jsonb,
      media_error = CASE WHEN media_error LIKE 'thumbnail:%' THEN NULL ELSE media_error END,
      updated_at = now() WHERE id = ${assetId}`;
  } else {
    await db.$executeRaw`UPDATE ip_assets SET preview_key = ${key},
      metadata = COALESCE(metadata, '{}'::jsonb) || ${json}::jsonb,
      media_error = CASE WHEN media_error LIKE 'preview:%' THEN NULL ELSE media_error END,
      updated_at = now() WHERE id = ${assetId}`;
  }
}

/** Why generating from the asset failed for good, where people and tools look: `mediaError`. */
export async function recordMediaError(db: PrismaClient, assetId: string, message: string): Promise<void> {
  await db.ipAsset.updateMany({ where: { id: assetId }, data: { mediaError: message.slice(0, 2000) } });
}
