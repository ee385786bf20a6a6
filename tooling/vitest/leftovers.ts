import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

// Global setup of the root config: it runs once per `vitest run`, whichever projects run, and its
// teardown once after every project's last file (vitest tears the root project's global setup down
// when it closes). It gives the run an id, which @yg/testing's `uniquePrefix` puts into every
// prefix (`yg-test-<run>-…`), and at the end fails the run when a key of this run is left in Redis:
// every test must remove what it made. Scoped by run id because other runs (other worktrees, CI
// jobs) share this Redis and their keys come and go meanwhile.

declare module 'vitest' {
  interface ProvidedContext {
    ygTestRun?: string;
  }
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject) {
  const run = randomBytes(4).toString('hex');
  project.provide('ygTestRun', run);
  const databasesBefore = new Set(await testDatabases());

  return async function teardown() {
    const redis = new Redis(REDIS_URL);
    try {
      const left = await keysMatching(redis, `yg-test-${run}-*`);
      const prefixes = [...new Set(left.map((key) => key.slice(0, key.indexOf(':'))))].sort();
      // Removed once reported, so that a failed run does not leave them to the next.
      for (let i = 0; i < left.length; i += 1000) await redis.del(...left.slice(i, i + 1000));
      if (prefixes.length > 0) {
        // A message and an exit code rather than a throw: vitest would print a throw from here as an
        // "error during close" with its stack, burying the prefixes.
        console.error(
          `\nleftovers: ${left.length} Redis keys were left under ${prefixes.length} test prefixes: ` +
            `${prefixes.join(', ')}. Every test must delete what it made (the @yg/testing \`prefix\` fixture does).`,
        );
        process.exitCode = 1;
      }
    } finally {
      redis.disconnect();
    }
    // Test databases are not named by run, so one that appeared during this run may belong to
    // another run still going on this server: reported, not failed on.
    const appeared = (await testDatabases()).filter((name) => !databasesBefore.has(name));
    if (appeared.length > 0) {
      console.warn(
        `yg_test_* databases that appeared during this run and still exist (this run's leftovers, or ` +
          `another run's in progress): ${appeared.join(', ')}`,
      );
    }
  };
}

async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function testDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'yg\\_test\\_%' ORDER BY datname",
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}
