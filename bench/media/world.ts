// The media benchmarks' world: a migrated database of their own, a local storage folder, and the
// media module running in this process on a prefix of its own, against the real clamd and ffmpeg.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import {
  createClamdScanner,
  createLocalStorage,
  type MediaTools,
  mediaModule,
  type Storage,
} from '@yg/jobs-media/worker';
import { QueueClient, queueConfig, Runtime, silentLogger } from '@yg/queue-core';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from '../redis';

export const CLAMD = {
  host: process.env.CLAMD_HOST ?? '127.0.0.1',
  port: Number(process.env.CLAMD_PORT ?? 3310),
};
export const tools: MediaTools = {
  ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg',
  ffprobePath: process.env.FFPROBE_PATH ?? 'ffprobe',
  pdftoppmPath: process.env.PDFTOPPM_PATH ?? 'pdftoppm',
  timeoutMs: 600_000,
};

export interface MediaWorld {
  dir: string;
  storage: Storage;
  database: TestDatabase;
  client: QueueClient;
  ownerId: string;
}

/** Runs `use` with the world set up, and removes everything afterwards. */
export async function withMediaWorld<T>(use: (world: MediaWorld) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'yg-bench-media-'));
  const storage = createLocalStorage(join(dir, 'storage'));
  const database = await createTestDatabase();
  const prefix = benchPrefix('ours');
  const config = queueConfig({ redisUrl: REDIS_URL, prefix });
  const client = new QueueClient({ config, logger: silentLogger });
  const runtime = new Runtime({
    modules: [mediaModule],
    deps: { db: database.db, storage, scanner: createClamdScanner(CLAMD), mediaTools: tools },
    client: new QueueClient({ config, logger: silentLogger }),
  });
  await runtime.start();
  const owner = await database.db.user.create({ data: { email: 'bench-owner@example.test' } });
  try {
    return await use({ dir, storage, database, client, ownerId: owner.id });
  } finally {
    await runtime.shutdown({ timeoutMs: 10_000 });
    await client.close();
    await database.drop();
    const redis = new Redis(REDIS_URL);
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until `check` holds, polling every 50 ms: often enough to cost a multi-second job under 2%,
 * rarely enough that the polling (a database query each time) does not take CPU from the ffmpeg
 * and sharp work being measured on a 2-core machine.
 */
export async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('benchmark step timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
