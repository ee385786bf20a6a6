import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@yg/db';
import { type JobContract, previewGeneration, thumbnailGeneration, virusScan } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { describe, expect } from 'vitest';
import { queuePreviewGeneration, queueVirusScan } from '../src/index';
import { createLocalStorage, mediaModule } from '../src/worker';
import { type MediaFixtures, makeFixtures } from './support/fixtures';
import { mediaTest as it, mediaDeps, mediaDrained, uploadedAsset } from './support/media-test';

let fx: MediaFixtures;
let db: PrismaClient;
const scratch = mkdtempSync(join(tmpdir(), 'yg-media-failures-'));
const root = join(scratch, 'storage');
const storage = createLocalStorage(root);

it.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it.beforeAll(async ({ database }) => {
  db = database.db;
  fx = await makeFixtures(join(scratch, 'fixtures'));
  mkdirSync(root, { recursive: true });
});

const runtimeOptions = { config: { stalledIntervalMs: 1000, lockDurationMs: 5000 } };

/** The one failed job of a queue for this asset, with how many attempts it took. */
async function failedJob(client: QueueClient, contract: JobContract, assetId: string) {
  const failed = await client.queue(contract).getJobs(['failed']);
  const job = failed.find((j) => (j.data as { assetId: string }).assetId === assetId);
  return job && { attemptsMade: job.attemptsMade, failedReason: job.failedReason };
}

describe('files that can never be processed fail once, clearly, recorded on the asset', () => {
  it('a zero-byte file, a missing file and keys escaping the storage root fail their scan', async ({
    client,
    startRuntime,
  }) => {
    const runtime = await startRuntime([mediaModule], mediaDeps(db, storage), runtimeOptions);
    await storage.putFile('uploads/empty.jpg', fx.empty, 'image/jpeg');
    // A link inside the root to a folder outside it.
    const outside = join(scratch, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.jpg'), 'not yours');
    symlinkSync(outside, join(root, 'linked'));
    const cases = [
      { key: 'uploads/empty.jpg', reason: /empty \(0 bytes\)/ },
      {
        key: 'uploads/never-uploaded.jpg',
        reason: /no file in storage under "uploads\/never-uploaded\.jpg"/,
      },
      {
        key: '../outside/secret.jpg',
        reason: /storage key "\.\.\/outside\/secret\.jpg" is refused: .*escape/,
      },
      { key: 'linked/secret.jpg', reason: /outside the storage root through a symbolic link/ },
    ];
    const assets = [];
    for (const c of cases) {
      const asset = await uploadedAsset(db, c.key, { type: 'IMAGE', mimeType: 'image/jpeg' });
      assets.push({ ...c, asset });
      await queueVirusScan(asset.id, { client });
    }
    await mediaDrained(client);

    for (const { asset, reason, key } of assets) {
      const job = await failedJob(client, virusScan, asset.id);
      expect(job, key).toBeDefined();
      expect(job!.attemptsMade, key).toBe(1);
      expect(job!.failedReason, key).toMatch(reason);
      const after = await db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } });
      expect(after.scanStatus, key).toBe('ERROR');
      expect(after.scanResult, key).toMatch(reason);
      expect(after.mediaError, key).toMatch(reason);
      expect(after.thumbnailKey, key).toBeNull();
    }
    // The worker is still up and serving.
    expect((await runtime.health()).healthy).toBe(true);
    await storage.putFile('uploads/after.jpg', fx.image, 'image/jpeg');
    const fine = await uploadedAsset(db, 'uploads/after.jpg', { type: 'IMAGE', mimeType: 'image/jpeg' });
    await queueVirusScan(fine.id, { client });
    await mediaDrained(client);
    expect((await db.ipAsset.findUniqueOrThrow({ where: { id: fine.id } })).thumbnailKey).not.toBeNull();
  });

  it('corrupt media and bytes that are not the declared type fail thumbnail and preview once each', async ({
    client,
    startRuntime,
  }) => {
    const runtime = await startRuntime([mediaModule], mediaDeps(db, storage), runtimeOptions);
    await storage.putFile('uploads/corrupt.mp4', fx.corruptVideo, 'video/mp4');
    await storage.putFile('uploads/really-a-jpeg.mp4', fx.image, 'video/mp4');
    const corrupt = await uploadedAsset(db, 'uploads/corrupt.mp4', { type: 'VIDEO', mimeType: 'video/mp4' });
    const mismatch = await uploadedAsset(db, 'uploads/really-a-jpeg.mp4', {
      type: 'VIDEO',
      mimeType: 'video/mp4',
    });
    await queueVirusScan(corrupt.id, { client });
    await queueVirusScan(mismatch.id, { client });
    await mediaDrained(client);
    // The failed thumbnail queued no preview; a preview asked for directly fails the same way.
    expect(await client.queue(previewGeneration).getJobCountByTypes('waiting', 'completed', 'failed')).toBe(
      0,
    );
    for (const asset of [corrupt, mismatch]) {
      await queuePreviewGeneration(
        { assetId: asset.id, storageKey: asset.storageKey, type: 'VIDEO', mimeType: asset.mimeType },
        { client },
      );
    }
    await mediaDrained(client);

    for (const contract of [thumbnailGeneration, previewGeneration]) {
      const bad = await failedJob(client, contract, corrupt.id);
      expect(bad, contract.queue).toMatchObject({ attemptsMade: 1 });
      expect(bad!.failedReason).toMatch(/^ffprobe failed: .*(Invalid data|moov atom not found)/);
      const wrong = await failedJob(client, contract, mismatch.id);
      expect(wrong, contract.queue).toMatchObject({ attemptsMade: 1 });
      expect(wrong!.failedReason).toBe(
        'type mismatch: declared VIDEO (video/mp4), but its bytes are image/jpeg',
      );
    }
    const corruptAfter = await db.ipAsset.findUniqueOrThrow({ where: { id: corrupt.id } });
    expect(corruptAfter.scanStatus).toBe('CLEAN');
    expect(corruptAfter.mediaError).toMatch(/^(thumbnail|preview): ffprobe failed/);
    expect(corruptAfter.previewKey).toBeNull();
    const mismatchAfter = await db.ipAsset.findUniqueOrThrow({ where: { id: mismatch.id } });
    expect(mismatchAfter.mediaError).toMatch(/^(thumbnail|preview): type mismatch: declared VIDEO/);
    expect(mismatchAfter.thumbnailKey).toBeNull();
    expect((await runtime.health()).healthy).toBe(true);
  });
});
