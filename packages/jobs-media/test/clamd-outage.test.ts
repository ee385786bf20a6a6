import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { virusScan } from '@yg/job-contracts';
import { expect } from 'vitest';
import { queueVirusScan } from '../src/index';
import { createClamdScanner, createLocalStorage, mediaModule } from '../src/worker';
import { makeFixtures } from './support/fixtures';
import { CLAMD, mediaTest as it, mediaDeps, mediaDrained, until, uploadedAsset } from './support/media-test';

it('waits while clamd is down, never marks the file clean, and scans it once clamd is back', async ({
  client,
  database,
  startRuntime,
}) => {
  const scratch = mkdtempSync(join(tmpdir(), 'yg-media-outage-'));
  const fx = await makeFixtures(join(scratch, 'fixtures'));
  const storage = createLocalStorage(join(scratch, 'storage'));
  // A stand-in for clamd's port: first a clamd that hangs up on every connection (down), then a
  // plain relay to the real one (back).
  let up = false;
  let refused = 0;
  const sockets = new Set<Socket>();
  const gate = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (!up) {
      refused++;
      socket.destroy();
      return;
    }
    const upstream = connect(CLAMD);
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  const port = (gate.address() as { port: number }).port;
  try {
    const scanner = createClamdScanner({ host: '127.0.0.1', port });
    await startRuntime([mediaModule], mediaDeps(database.db, storage, scanner), {
      config: { stalledIntervalMs: 1000, lockDurationMs: 5000 },
    });
    await storage.putFile('uploads/photo.jpg', fx.image, 'image/jpeg');
    const asset = await uploadedAsset(database.db, 'uploads/photo.jpg', {
      type: 'IMAGE',
      mimeType: 'image/jpeg',
    });
    const { jobId } = await queueVirusScan(asset.id, { client });

    // Tried more than its 3 attempts' worth, and still neither failed nor clean.
    await until(() => refused >= 4, 90_000, 'four refused scans');
    const job = await client.queue(virusScan).getJob(jobId);
    expect(await job!.getState()).not.toMatch(/failed|completed/);
    expect((await database.db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } })).scanStatus).toBe(
      'PENDING',
    );

    up = true;
    await until(
      async () =>
        (await database.db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } })).scanStatus === 'CLEAN',
      90_000,
      'the scan once clamd is back',
    );
    await mediaDrained(client);
    expect(
      (await database.db.ipAsset.findUniqueOrThrow({ where: { id: asset.id } })).thumbnailKey,
    ).not.toBeNull();
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => gate.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  }
});
