import pg from 'pg';

/**
 * Whether PostgreSQL answers, on a connection of its own (opened, `SELECT 1`, closed). Not through
 * Prisma: its first query loads the query compiler (~50 MiB and up to a second on a busy machine),
 * which a process that has run no job yet should not pay for a readiness probe.
 */
export async function probePostgres(connectionString: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A server that drops the connection mid-probe emits 'error' besides rejecting the query.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}
