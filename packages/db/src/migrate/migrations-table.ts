import { randomUUID } from 'node:crypto';
import type pg from 'pg';

// Prisma's own table, with Prisma's DDL, so that `prisma migrate deploy` run later from a machine
// with its native engine sees these migrations as applied (and the other way round).
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationRow {
  id: string;
  checksum: string;
  migrationName: string;
  logs: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
}

export async function ensureMigrationsTable(client: pg.ClientBase): Promise<void> {
  await client.query(CREATE_TABLE);
}

export async function readMigrationRows(client: pg.ClientBase): Promise<MigrationRow[]> {
  const { rows } = await client.query<{
    id: string;
    checksum: string;
    migration_name: string;
    logs: string | null;
    started_at: Date;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>(
    `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows.map((row) => ({
    id: row.id,
    checksum: row.checksum,
    migrationName: row.migration_name,
    logs: row.logs,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
  }));
}

/** Written before the script runs and outside its transaction, so that a failure leaves a trace. */
export async function recordStarted(client: pg.ClientBase, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, checksum, name],
  );
  return id;
}

export async function recordFinished(client: pg.ClientBase, id: string): Promise<void> {
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}

export async function recordFailed(client: pg.ClientBase, id: string, logs: string): Promise<void> {
  await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, logs]);
}

/** Prisma's `migrate resolve --rolled-back`: the failed run no longer blocks, and the migration can run again. */
export async function recordRolledBack(client: pg.ClientBase, name: string): Promise<number> {
  const result = await client.query(
    `UPDATE "_prisma_migrations" SET rolled_back_at = now()
      WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
    [name],
  );
  return result.rowCount ?? 0;
}
