import type pg from 'pg';
import { MigrationLockTimeoutError } from '../errors/index';

// The key Prisma's migration engine locks on PostgreSQL, so that this applier and a
// `prisma migrate deploy` never run at the same time either.
const MIGRATION_LOCK_KEY = 72707369;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Waits for the database-wide migration lock, held by this session until `release` or until the
 * connection ends (so a crashed migrator never leaves it held).
 */
export async function acquireMigrationLock(client: pg.ClientBase, timeoutMs: number): Promise<void> {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE)
      throw new MigrationLockTimeoutError(timeoutMs);
    throw error;
  } finally {
    await client.query('RESET lock_timeout');
  }
}

export async function releaseMigrationLock(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
}
