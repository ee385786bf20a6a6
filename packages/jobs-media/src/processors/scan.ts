import type { IpAsset } from '@yg/db';
import {
  notificationDelivery,
  previewGeneration,
  thumbnailGeneration,
  type virusScan,
} from '@yg/job-contracts';
import type { CoreDeps, Processor } from '@yg/queue-core';
import { loadAsset, recordMediaError } from '../asset-record';
import type { MediaDeps } from '../deps';
import { settle } from '../failures';
import { MediaRejectedError } from '../media-errors';
import { StorageObjectMissingError } from '../storage/storage-errors';
import { checkStorageKey } from '../storage/storage-key';
import { QUARANTINE_PREFIX, quarantineKey } from '../storage-keys';

export type ScanResult =
  | { verdict: 'clean'; queued: ('thumbnail' | 'preview')[] }
  | { verdict: 'infected'; signature: string; quarantinedAs: string; notificationId: string };

/** The owner's notification about an infected upload: one per asset, whatever the retries. */
export const infectedNotificationId = (assetId: string) => `asset-infected-${assetId}`;

/**
 * Streams the upload to clamd. Clean: `scanStatus` CLEAN, then thumbnail and (video, audio)
 * preview are queued. Infected: moved to quarantine, the asset rejected with the signature, its
 * owner notified, nothing generated. clamd down: the job waits (never clean).
 */
export const scanUpload: Processor<typeof virusScan, MediaDeps, ScanResult> = async (job, deps) => {
  const { db, storage, scanner, clock } = deps;
  const asset = await loadAsset(db, job.data.assetId);
  if (asset.scanStatus === 'INFECTED') return rejectInfected(asset, asset.scanResult ?? 'unknown', deps);
  if (asset.scanStatus === 'CLEAN') return { verdict: 'clean', queued: await queueFollowUps(asset, deps) };

  let verdict: Awaited<ReturnType<typeof scanner.scan>>;
  try {
    const key = checkStorageKey(asset.storageKey);
    let source = key;
    let found = await storage.stat(key);
    if (!found && !key.startsWith(QUARANTINE_PREFIX)) {
      // An earlier attempt may have quarantined the file and died before recording it.
      const quarantined = quarantineKey(asset.id, key);
      found = await storage.stat(quarantined);
      if (found) source = quarantined;
    }
    if (!found) throw new StorageObjectMissingError(key);
    if (found.size === 0) throw new MediaRejectedError('the file is empty (0 bytes): nothing to scan');
    verdict = await scanner.scan(await storage.read(source));
  } catch (error) {
    const settled = settle(job, error);
    if (settled.kind === 'retry') throw settled.error;
    await db.ipAsset.update({
      where: { id: asset.id },
      data: { scanStatus: 'ERROR', scanResult: settled.message.slice(0, 2000), scannedAt: clock.now() },
    });
    await recordMediaError(db, asset.id, `scan: ${settled.message}`);
    throw settled.error;
  }

  if (verdict.infected) return rejectInfected(asset, verdict.signature, deps);
  await db.ipAsset.update({
    where: { id: asset.id },
    data: { scanStatus: 'CLEAN', scanResult: null, scannedAt: clock.now() },
  });
  return { verdict: 'clean', queued: await queueFollowUps(asset, deps) };
};

/**
 * Quarantine, record, notify — each step safe to repeat, so a retry after a crash anywhere
 * finishes the rest without a second notification.
 */
async function rejectInfected(
  asset: IpAsset,
  signature: string,
  { db, storage, queues, clock }: MediaDeps & CoreDeps,
): Promise<ScanResult> {
  const quarantinedAs = asset.storageKey.startsWith(QUARANTINE_PREFIX)
    ? asset.storageKey
    : quarantineKey(asset.id, asset.storageKey);
  if (quarantinedAs !== asset.storageKey) await storage.move(asset.storageKey, quarantinedAs);
  const notificationId = infectedNotificationId(asset.id);
  await db.$transaction([
    db.ipAsset.update({
      where: { id: asset.id },
      data: {
        scanStatus: 'INFECTED',
        scanResult: signature,
        status: 'REJECTED',
        storageKey: quarantinedAs,
        scannedAt: asset.scannedAt ?? clock.now(),
        mediaError: `infected: ${signature}`,
      },
    }),
    db.notification.upsert({
      where: { id: notificationId },
      create: {
        id: notificationId,
        userId: asset.createdBy,
        type: 'ASSET_REJECTED',
        title: 'Your upload was rejected',
        message: `"${asset.title}" contains malware (${signature}) and was removed. Nothing was published from it.`,
        metadata: { assetId: asset.id, reason: 'INFECTED', signature },
      },
      update: {},
    }),
  ]);
  // Delivery is idempotent by the notification's state: a repeat after a crash delivers once.
  await queues.enqueue(notificationDelivery, { notificationId });
  return { verdict: 'infected', signature, quarantinedAs, notificationId };
}

/**
 * The thumbnail job, which queues the preview when done (the quick reference's order: one ffmpeg
 * at a time per asset, rather than a frame grab and an encode fighting for the same cores); or
 * the preview alone when the thumbnail exists already.
 */
async function queueFollowUps(asset: IpAsset, { queues }: MediaDeps & CoreDeps) {
  const queued: ('thumbnail' | 'preview')[] = [];
  const base = { assetId: asset.id, storageKey: asset.storageKey, mimeType: asset.mimeType };
  if (!asset.thumbnailKey) {
    await queues.enqueue(thumbnailGeneration, { ...base, type: asset.type });
    queued.push('thumbnail');
  } else if ((asset.type === 'VIDEO' || asset.type === 'AUDIO') && !asset.previewKey) {
    await queues.enqueue(previewGeneration, { ...base, type: asset.type });
    queued.push('preview');
  }
  return queued;
}
