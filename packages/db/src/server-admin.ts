import pg from 'pg';
import { redactDatabaseUrl, resolveDatabaseUrl, withDatabaseName } from './database-url';
import { DatabaseServerError } from './errors/index';
import { uniqueViolation } from './unique-violation';

/** Runs one statement on a connection to `url`: for statements about databases, not in them. */
export async function serverQuery(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseServerError(
      `Cannot reach the database server at ${redactDatabaseUrl(url)}: ${reason}`,
      {
        cause: error,
      },
    );
  }
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database that `url` names when it does not exist yet (a development machine's first
 * start). Returns whether it created it. Two callers at once are fine: the loser gets 42P04
 * (duplicate_database) or, when both pass the catalog check together, 23505 from the catalog's
 * unique index.
 */
export async function ensureDatabase(url?: string): Promise<boolean> {
  const resolved = resolveDatabaseUrl(url);
  const name = decodeURIComponent(new URL(resolved).pathname.slice(1));
  if (!name) return false;
  // The database may not exist yet, so talk to the server through its maintenance database.
  const server = withDatabaseName(resolved, 'postgres');
  const exists = await serverQuery(server, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount) return false;
  try {
    await serverQuery(server, `CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === '42P04' || uniqueViolation(error)) return false;
    throw error;
  }
}
