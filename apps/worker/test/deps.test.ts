import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { createDb, LOCAL_ADMIN_URL } from '@yg/db';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerDeps } from '../src/deps';

// pg_hba is trust on loopback, so a wrong password alone would be accepted: these URLs name a
// database or a user that does not exist, and the test asserts their password is never repeated.
const password = `pw-${randomUUID()}`;
const urls = {
  'a database that does not exist': `postgresql://postgres:${password}@127.0.0.1:5432/yg_missing_${randomUUID().slice(0, 8)}`,
  'a user that does not exist': `postgresql://yg_nobody_${randomUUID().slice(0, 8)}:${password}@127.0.0.1:5432/postgres`,
};

const saved = process.env.DATABASE_URL;
afterEach(() => {
  // Assigning undefined would store the string "undefined".
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

describe('readiness', () => {
  it('reports a reachable PostgreSQL as healthy', async () => {
    process.env.DATABASE_URL = saved ?? LOCAL_ADMIN_URL;
    const owned = createWorkerDeps();
    try {
      expect(await owned.check()).toEqual({ postgres: { healthy: true } });
    } finally {
      await owned.close();
    }
  });
});

describe('a PostgreSQL password never reaches /health or an error', () => {
  for (const [what, url] of Object.entries(urls)) {
    it(`readiness reports ${what} without the password`, async () => {
      process.env.DATABASE_URL = url;
      const owned = createWorkerDeps();
      try {
        const report = await owned.check();
        expect(report.postgres?.healthy).toBe(false);
        expect(report.postgres?.error).toBeTruthy();
        expect(JSON.stringify(report)).not.toContain(password);
      } finally {
        await owned.close();
      }
    });

    it(`createDb's error for ${what} holds no password`, async () => {
      const db = createDb({ url });
      try {
        const error = await db.$queryRaw`SELECT 1`.then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error).toBeInstanceOf(Error);
        expect(error!.message).not.toContain(password);
        expect(inspect(error, { depth: null })).not.toContain(password);
      } finally {
        await db.$disconnect();
      }
    });
  }
});
