import type { PrismaClient, StatementPool } from '@yg/db';

/**
 * `@yg/db`'s default client (`DATABASE_URL`), for callers that pass none. Loaded dynamically so
 * that importing the producers never loads the database client.
 */
export async function defaultDb(): Promise<PrismaClient> {
  return (await import('@yg/db')).defaultDb();
}

/** `@yg/db`'s `statementPool` of a client, loaded the same way. */
export async function statementPool(db: object): Promise<StatementPool | undefined> {
  return (await import('@yg/db')).statementPool(db);
}
