import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@yg/db';
import { queueVirusScan } from '@yg/jobs-media';
import { failedJobs, seconds, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import { clamdGate } from '../services/clamd-gate';
import type { PostgresServer } from '../services/postgres-server';
import { onTeardown } from '../services/teardown';
import { openWorld } from '../world';

const PHOTOS = 40;
const INFECTED = 4;
const OUTAGE_S = 60;
/** The promise: once clamd is back, the queues drain within this. */
const RECOVERY_BOUND_S = 120;
/** The EICAR test string: every scanner reports it, and it harms nothing. */
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * Take clamd away for 60 s while uploads are being scanned, and keep uploading. A scan that
 * cannot reach clamd waits: no upload is marked clean unscanned, no job fails, and once clamd is
 * back every photo is clean with its thumbnail and every infected file rejected with exactly one
 * notification to its owner.
 */
export async function clamdOutage(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('clamd-outage');
  const world = await openWorld('clamd-outage', postgres);
  const gate = await clamdGate();
  const storage = mkdtempSync(join(tmpdir(), 'yg-chaos-clamd-'));
  const forgetStorage = onTeardown('clamd-outage storage', () =>
    rmSync(storage, { recursive: true, force: true }),
  );
  try {
    const { db } = world.database;
    const assets = await uploads(db, storage);
    const worker = await world.startWorker({
      STORAGE_DIR: storage,
      CLAMD_HOST: '127.0.0.1',
      CLAMD_PORT: String(gate.port),
    });
    await worker.ready();
    const scan = (ids: string[]) =>
      Promise.all(ids.map((id) => queueVirusScan(id, { client: world.client })));
    const half = Math.floor(assets.length / 2);
    await scan(assets.slice(0, half).map((a) => a.id));
    const flowing = Date.now();
    while ((await scanned(db)) < 5 && Date.now() - flowing < 60_000) await sleep(50);

    gate.down();
    const down = Date.now();
    // Uploads go on: Redis and PostgreSQL are up.
    await scan(assets.slice(half).map((a) => a.id));
    await sleep(1000);
    const scannedAtDown = await scanned(db);
    await sleep(Math.max(0, OUTAGE_S * 1000 - (Date.now() - down)));
    const scannedDuringOutage = (await scanned(db)) - scannedAtDown;
    const failedDuringOutage = await failedJobs(world.client);
    const refused = gate.refused();
    const workerAlive = worker.alive();
    gate.up();
    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);

    const rows = await db.ipAsset.findMany({
      where: { id: { in: assets.map((a) => a.id) } },
      select: { id: true, scanStatus: true, thumbnailKey: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const photos = assets.filter((a) => !a.infected).map((a) => byId.get(a.id));
    const infected = assets.filter((a) => a.infected).map((a) => byId.get(a.id));
    const cleanWithThumbnail = photos.filter((r) => r?.scanStatus === 'CLEAN' && r.thumbnailKey).length;
    const rejected = infected.filter((r) => r?.scanStatus === 'INFECTED').length;
    const perOwner = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM notifications WHERE type = 'ASSET_REJECTED' GROUP BY user_id`;
    const failed = await failedJobs(world.client);

    report.figure('outage_s', seconds(OUTAGE_S * 1000));
    report.figure('scans_refused', refused);
    report.figure('scanned_during_outage', scannedDuringOutage);
    report.figure('recovery_s', recovery);
    report.figure('clean', cleanWithThumbnail);
    report.figure('infected', rejected);
    report.figure('failed_during_outage', failedDuringOutage);
    report.figure('failed_jobs', failed);
    report.expect(workerAlive, 'the worker exited during the outage');
    report.expect(refused > 0, 'no scan was tried during the outage (the scenario tested nothing)');
    report.expect(scannedDuringOutage === 0, `${scannedDuringOutage} uploads got a verdict with clamd down`);
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after clamd came back`);
    report.expect(
      failedDuringOutage + failed === 0,
      `${failedDuringOutage + failed} jobs failed for the outage`,
    );
    report.expect(
      cleanWithThumbnail === PHOTOS,
      `${PHOTOS - cleanWithThumbnail} photos not clean with a thumbnail`,
    );
    report.expect(rejected === INFECTED, `${INFECTED - rejected} infected files not rejected`);
    report.expect(
      perOwner.length === INFECTED && perOwner.every((row) => row.n === 1),
      `owners notified ${JSON.stringify(perOwner.map((row) => row.n))} times, not once each`,
    );
  } finally {
    await world.close();
    await gate.close();
    forgetStorage();
    rmSync(storage, { recursive: true, force: true });
  }
  return report;
}

/** Uploads with a verdict (clean or infected). */
async function scanned(db: PrismaClient): Promise<number> {
  return db.ipAsset.count({ where: { scanStatus: { in: ['CLEAN', 'INFECTED'] } } });
}

/** Photos and EICAR files in local storage, each an asset of its own owner, unscanned. */
async function uploads(db: PrismaClient, storage: string) {
  mkdirSync(join(storage, 'uploads'), { recursive: true });
  const photo = join(storage, 'source.jpg');
  execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360',
    '-frames:v',
    '1',
    photo,
  ]);
  const files = [
    ...Array.from({ length: PHOTOS }, (_, i) => ({ key: `uploads/photo-${i}.jpg`, infected: false })),
    ...Array.from({ length: INFECTED }, (_, i) => ({ key: `uploads/eicar-${i}.com`, infected: true })),
  ];
  const assets: { id: string; infected: boolean }[] = [];
  for (const [i, file] of files.entries()) {
    if (file.infected) writeFileSync(join(storage, file.key), EICAR);
    else copyFileSync(photo, join(storage, file.key));
    const owner = await db.user.create({ data: { email: `uploader-${i}@chaos.example.test` } });
    const asset = await db.ipAsset.create({
      data: {
        title: `Upload ${i}`,
        type: file.infected ? 'DOCUMENT' : 'IMAGE',
        mimeType: file.infected ? 'application/octet-stream' : 'image/jpeg',
        storageKey: file.key,
        fileSize: 1n,
        createdBy: owner.id,
      },
    });
    assets.push({ id: asset.id, infected: file.infected });
  }
  return assets;
}
