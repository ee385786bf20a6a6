import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  closeDefaultDb,
  createDb,
  DatabaseConfigError,
  DatabaseUrlError,
  defaultDb,
  Prisma,
  queryRows,
  redactDatabaseUrl,
  statementPool,
} from '../src/index';
import { createTestDatabase, type TestDatabase } from '../src/testing';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createDb configuration', () => {
  it('names DATABASE_URL when it is missing', () => {
    vi.stubEnv('DATABASE_URL', undefined);

    expect(() => createDb()).toThrow(DatabaseUrlError);
    expect(() => createDb()).toThrow(/DATABASE_URL is not set/);
  });

  it('names DATABASE_URL when it is malformed, without showing the password', () => {
    vi.stubEnv('DATABASE_URL', 'mysql://app:s3cret-pass@db.internal:3306/yg');

    expect(() => createDb()).toThrow(/DATABASE_URL must start with postgresql:\/\//);
    expect(() => createDb()).not.toThrow(/s3cret-pass/);
  });

  it('hides the password of a URL that does not even parse', () => {
    vi.stubEnv('DATABASE_URL', 'postgresql://app:s3cret-pass@db.internal:notaport/yg');

    expect(() => createDb()).toThrow(
      /DATABASE_URL is not a valid URL: "postgresql:\/\/app:\*\*\*@db\.internal/,
    );
    expect(() => createDb()).not.toThrow(/s3cret-pass/);
  });

  it('says "url" when the URL came as an option', () => {
    expect(() => createDb({ url: 'localhost:5432/yg' })).toThrow(/^url must start with postgresql:\/\//);
  });

  it('refuses a pool size that is not a positive whole number, naming its source', () => {
    vi.stubEnv('DATABASE_POOL_SIZE', 'ten');
    expect(() => createDb({ url: 'postgresql://localhost/yg' })).toThrow(DatabaseConfigError);
    expect(() => createDb({ url: 'postgresql://localhost/yg' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => createDb({ url: 'postgresql://localhost/yg', poolSize: 0 })).toThrow(/poolSize/);
  });

  it('redacts only the password', () => {
    expect(redactDatabaseUrl('postgresql://app:pw@host:5432/yg?sslmode=require')).toBe(
      'postgresql://app:***@host:5432/yg?sslmode=require',
    );
    expect(redactDatabaseUrl('postgresql://app@host/yg')).toBe('postgresql://app@host/yg');
  });
});

describe('importing @yg/db', () => {
  it('reads no database setting at import time', async () => {
    vi.resetModules();
    const read: string[] = [];
    const env = process.env;
    process.env = new Proxy(env, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.push(key);
        return Reflect.get(target, key, receiver);
      },
    });
    try {
      const module = await import('../src/index');
      expect(typeof module.createDb).toBe('function');
    } finally {
      process.env = env;
    }

    expect(read).not.toContain('DATABASE_URL');
    expect(read).not.toContain('DATABASE_POOL_SIZE');
  });
});

describe('createDb against PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('returns a client that reads and writes the models the jobs use', async () => {
    vi.stubEnv('DATABASE_URL', database.url);
    const db = createDb({ poolSize: 2 });
    try {
      const user = await db.user.create({ data: { email: 'brand@example.com', role: 'BRAND' } });
      const asset = await db.ipAsset.create({
        data: {
          title: 'clip.mp4',
          type: 'VIDEO',
          storageKey: 'uploads/clip.mp4',
          fileSize: 3_000_000_000,
          mimeType: 'video/mp4',
          status: 'DRAFT',
          createdBy: user.id,
        },
      });
      const notification = await db.notification.create({
        data: {
          userId: user.id,
          type: 'PAYOUT_COMPLETED',
          title: 'Payout Processed',
          message: 'Your payout of $12 has been processed',
          metadata: { payoutId: 'p1', amount: 12 },
        },
      });

      expect(asset).toMatchObject({
        scanStatus: 'PENDING',
        fileSize: 3_000_000_000n,
        tags: [],
        deletedAt: null,
      });
      expect(asset.id).toMatch(/^c[a-z0-9]{20,}$/);
      expect(notification).toMatchObject({ emailStatus: 'PENDING', digestId: null, readAt: null });
      await expect(db.notification.count({ where: { userId: user.id } })).resolves.toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it('shares one default client from DATABASE_URL until it is closed', async () => {
    vi.stubEnv('DATABASE_URL', database.url);
    const first = defaultDb();
    try {
      expect(defaultDb()).toBe(first);
      expect(await first.$queryRaw`SELECT current_database() AS name`).toEqual([{ name: database.name }]);
    } finally {
      await closeDefaultDb();
    }
    expect(defaultDb()).not.toBe(first);
    await closeDefaultDb();
  });

  it('runs a statement on the client’s own pool, within its limit, and stops when it disconnects', async () => {
    // Backends already there (the fixture's, or one a test before has closed and the server has
    // not yet reaped) are not this client's.
    const before = (
      await database.db.$queryRaw<{ pid: number }[]>`
        SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
    ).map((row) => row.pid);
    const db = createDb({ url: database.url, poolSize: 2 });
    const pool = statementPool(db);
    expect(pool).toBeDefined();
    const backends = async () =>
      (
        await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> ALL(${before}::int[])`
      )[0]?.n;
    try {
      const rows = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          pool?.query<{ n: number }>('SELECT $1::int AS n, pg_sleep(0.05)', [i]),
        ),
      );
      expect(rows.map((r) => r?.rows[0]?.n)).toEqual([0, 1, 2, 3, 4, 5]);
      // Prisma and the statements share the two connections: no third was opened.
      expect(await backends()).toBeLessThanOrEqual(2);
    } finally {
      await db.$disconnect();
    }
    expect(statementPool(db)).toBeUndefined();
    // Prisma still answers after a disconnect, on a pool of its own.
    expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    await db.$disconnect();
  });

  it('has no pool for a client it did not make', () => {
    expect(statementPool({})).toBeUndefined();
  });

  it('reads and writes the same values on the pool as through Prisma, whatever the process time zone', async () => {
    const db = createDb({ url: database.url, poolSize: 1 });
    const zone = process.env.TZ;
    // Far from UTC, so that a timestamp taken as local time would be off by hours.
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      const at = new Date('2030-01-02T03:04:05.678Z');
      const statement = Prisma.sql`
        SELECT ${at}::timestamp(3) AS at, (${at}::timestamp(3))::text AS written,
               9007199254740993::bigint AS big, 'x'::text AS s`;
      const onPool = await queryRows(db, statement);
      const throughPrisma = await db.$queryRaw(statement);
      expect(onPool).toEqual(throughPrisma);
      expect(onPool).toEqual([{ at, written: '2030-01-02 03:04:05.678', big: 9007199254740993n, s: 'x' }]);
    } finally {
      process.env.TZ = zone;
      await db.$disconnect();
    }
  });

  it('prepares a statement asked to be once per connection, and runs it again with new values', async () => {
    const db = createDb({ url: database.url, poolSize: 1 });
    const statement = (n: number) => Prisma.sql`SELECT ${n}::int + 1 AS next`;
    const other = (n: number) => Prisma.sql`SELECT ${n}::int - 1 AS previous`;
    try {
      expect(await queryRows(db, statement(1), { prepare: true })).toEqual([{ next: 2 }]);
      expect(await queryRows(db, statement(41), { prepare: true })).toEqual([{ next: 42 }]);
      // Another text gets a prepared statement of its own on the same connection.
      expect(await queryRows(db, other(1), { prepare: true })).toEqual([{ previous: 0 }]);
      expect(await queryRows(db, Prisma.sql`SELECT 1 AS unprepared`)).toEqual([{ unprepared: 1 }]);
      const prepared = await queryRows<{ statement: string }>(
        db,
        Prisma.sql`SELECT statement FROM pg_prepared_statements ORDER BY statement`,
      );
      expect(prepared.map((p) => p.statement)).toEqual([
        'SELECT $1::int + 1 AS next',
        'SELECT $1::int - 1 AS previous',
      ]);
    } finally {
      await db.$disconnect();
    }
  });
});
