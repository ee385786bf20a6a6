import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type SeedCounts,
  type SeedOptions,
  seedDemoData,
  seededIdOf,
  type TestDatabase,
} from '../src/testing';

const TABLES = [
  'users',
  'notification_preferences',
  'creators',
  'ip_assets',
  'projects',
  'licenses',
  'blog_posts',
  'notifications',
  'analytics_events',
] as const;

const OPTIONS: SeedOptions = { seed: 42, assets: 400, events: 1_000, notifications: 200, posts: 20 };

/** One hash per table over all its rows in id order: equal hashes mean equal rows, ids included. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, string> = {};
    for (const table of TABLES) {
      const { rows } = await client.query<{ hash: string }>(
        `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) AS hash FROM ${table} AS t`,
      );
      result[table] = rows[0]!.hash;
    }
    return result;
  } finally {
    await client.end();
  }
}

let first: TestDatabase;
let second: TestDatabase;
let counts: SeedCounts;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  counts = await seedDemoData(first.db, OPTIONS);
}, 120_000);

afterAll(async () => {
  await Promise.all([first.drop(), second.drop()]);
});

describe('seedDemoData', () => {
  it('inserts the requested numbers of rows and reports them', async () => {
    expect(counts).toMatchObject({ assets: 400, analyticsEvents: 1_000, notifications: 200, blogPosts: 20 });
    expect(counts.users).toBe(counts.creators + Math.ceil(400 / 100) + 1);
    await expect(first.db.ipAsset.count()).resolves.toBe(400);
    await expect(first.db.analyticsEvent.count()).resolves.toBe(1_000);
    await expect(first.db.notificationPreference.count()).resolves.toBe(counts.notificationPreferences);
  });

  it('is deterministic: the same options give the same rows, ids included', async () => {
    // The other database is seeded through a URL, the other way in.
    await seedDemoData(second.url, OPTIONS);

    expect(await fingerprint(second.url)).toEqual(await fingerprint(first.url));
    await expect(
      first.db.ipAsset.findUnique({ where: { id: seededIdOf('asset', 42, 1) } }),
    ).resolves.toMatchObject({
      type: 'IMAGE',
      creatorId: expect.stringMatching(/^crt_42_\d{7}$/),
    });
  });

  it('gives other rows for another seed', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoData(other.db, { ...OPTIONS, seed: 7 });
      const [a, b] = [await fingerprint(first.url), await fingerprint(other.url)];
      for (const table of TABLES) expect(b[table], table).not.toBe(a[table]);
    } finally {
      await other.drop();
    }
  });

  it('produces assets of every type, posts in every status and every email preference', async () => {
    const types = await first.db.ipAsset.groupBy({ by: ['type'], _count: { _all: true } });
    expect(Object.fromEntries(types.map((row) => [row.type, row._count._all]))).toEqual({
      IMAGE: 100,
      VIDEO: 100,
      AUDIO: 100,
      DOCUMENT: 100,
    });
    const statuses = await first.db.blogPost.groupBy({ by: ['status'] });
    expect(statuses.map((row) => row.status).sort()).toEqual(['ARCHIVED', 'DRAFT', 'PUBLISHED', 'SCHEDULED']);
    const frequencies = await first.db.notificationPreference.groupBy({ by: ['emailFrequency'] });
    expect(frequencies.map((row) => row.emailFrequency).sort()).toEqual([
      'DAILY',
      'IMMEDIATE',
      'NEVER',
      'WEEKLY',
    ]);
    const eventTypes = await first.db.analyticsEvent.groupBy({ by: ['type'] });
    expect(eventTypes.map((row) => row.type).sort()).toEqual([
      'CLICK',
      'DOWNLOAD',
      'LICENSE_PURCHASE',
      'VIEW',
    ]);
  });

  it('keeps rows consistent with each other', async () => {
    // Digest-pending notifications belong to users who chose a digest.
    const misplaced = await first.db.notification.count({
      where: {
        emailStatus: 'DIGEST_PENDING',
        user: {
          OR: [
            { notificationPreference: null },
            { notificationPreference: { emailFrequency: { notIn: ['DAILY', 'WEEKLY'] } } },
          ],
        },
      },
    });
    expect(misplaced).toBe(0);
    // Licenses in a project go to that project's brand.
    const wrongLicensee = await first.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM licenses l JOIN projects p ON p.id = l.project_id WHERE l.licensee_id <> p.brand_id`;
    expect(wrongLicensee[0]?.n).toBe(0n);
    const previewsOfStills = await first.db.ipAsset.count({
      where: { type: { in: ['IMAGE', 'DOCUMENT'] }, previewKey: { not: null } },
    });
    expect(previewsOfStills).toBe(0);
  });

  it('inserts nothing when run again with the same seed, and leaves room for new events', async () => {
    const before = await fingerprint(first.url);

    const again = await seedDemoData(first.db, OPTIONS);

    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    expect(await fingerprint(first.url)).toEqual(before);
    // Seeded events have explicit ids; the sequence was moved past them. The event goes again at
    // once: the other tests count and fingerprint this database's rows, in whatever order they run.
    const event = await first.db.analyticsEvent.create({ data: { type: 'VIEW' } });
    await first.db.analyticsEvent.delete({ where: { id: event.id } });
    expect(event.id).toBeGreaterThan(42n * 10_000_000_000n + 1_000n);
  });

  it('refuses options it cannot turn into rows', async () => {
    await expect(seedDemoData(first.db, { assets: -1 })).rejects.toThrow(/assets must be a whole number/);
    await expect(seedDemoData(first.db, { seed: 1.5 })).rejects.toThrow(/seed must be a whole number/);
  });
});
