import { afterAll, describe, expect, it } from 'vitest';
import { createDb, databaseOutage, type PrismaClient } from '../src/index';
import { errorOf } from './support/error-of';

const BASE = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const clients: PrismaClient[] = [];

function client(url: string): PrismaClient {
  const db = createDb({ url, poolSize: 1 });
  clients.push(db);
  return db;
}

afterAll(async () => {
  await Promise.all(clients.map((db) => db.$disconnect()));
});

// Real errors from the real client and server: the shapes come from Prisma's driver adapter and pg.
describe('databaseOutage', () => {
  it('recognises a server that does not answer', async () => {
    const db = client('postgresql://postgres@127.0.0.1:1/postgres');
    expect(databaseOutage(await errorOf(() => db.$queryRaw`SELECT 1`))).toBe('postgres');
    expect(databaseOutage(await errorOf(() => db.user.findFirst()))).toBe('postgres');
  });

  it('recognises a database that does not exist (not created yet, or dropped)', async () => {
    const url = new URL(BASE);
    url.pathname = '/yg_no_such_database';
    const db = client(url.toString());
    expect(databaseOutage(await errorOf(() => db.user.findFirst()))).toBe('postgres');
  });

  it('recognises a connection the server terminated', async () => {
    const db = client(BASE);
    const error = await errorOf(() =>
      db.$transaction((tx) => tx.$executeRawUnsafe('SELECT pg_terminate_backend(pg_backend_pid())')),
    );
    expect(databaseOutage(error)).toBe('postgres');
  });

  it('leaves a query that is wrong to the job: its attempts are for exactly this', async () => {
    const db = client(BASE);
    expect(databaseOutage(await errorOf(() => db.$queryRawUnsafe('SELEC 1')))).toBeUndefined();
    expect(databaseOutage(await errorOf(() => db.$queryRawUnsafe('SELECT 1/0')))).toBeUndefined();
    expect(databaseOutage(new Error('asset a1 no longer exists'))).toBeUndefined();
  });
});
