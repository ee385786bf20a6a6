import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, queryRows, uniqueViolation } from '../src/index';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { errorOf } from './support/error-of';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.user.create({ data: { id: 'u1', email: 'taken@example.com' } });
});

afterAll(async () => {
  await database?.drop();
});

// Real errors from the real client and server, each path wrapping 23505 its own way.
describe('uniqueViolation', () => {
  it('recognises a duplicate row from a model query, a raw query and the pool under the client', async () => {
    const { db } = database;
    const duplicate = { id: 'u2', email: 'taken@example.com' };
    expect(uniqueViolation(await errorOf(() => db.user.create({ data: duplicate })))).toBe(true);
    expect(
      uniqueViolation(
        await errorOf(() => db.$executeRaw`INSERT INTO users (id, email) VALUES ('u2', 'taken@example.com')`),
      ),
    ).toBe(true);
    expect(
      uniqueViolation(
        await errorOf(() =>
          queryRows(db, Prisma.sql`INSERT INTO users (id, email) VALUES ('u1', 'other@example.com')`),
        ),
      ),
    ).toBe(true);
  });

  it('recognises it from plain pg', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const error = await errorOf(() =>
        client.query(`INSERT INTO users (id, email) VALUES ('u1', 'x@example.com')`),
      );
      expect(uniqueViolation(error)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('is false for every other failure, and for anything that is not an error', async () => {
    const { db } = database;
    expect(uniqueViolation(await errorOf(() => db.$queryRawUnsafe('SELEC 1')))).toBe(false);
    expect(
      uniqueViolation(await errorOf(() => db.$executeRaw`INSERT INTO users (id, email) VALUES ('u3', NULL)`)),
    ).toBe(false);
    for (const value of [null, undefined, 'duplicate key', 23505, {}, new Error('duplicate key')]) {
      expect(uniqueViolation(value)).toBe(false);
    }
  });
});
