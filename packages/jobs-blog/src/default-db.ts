import type { PrismaClient } from '@yg/db';

/**
 * `@yg/db`'s default client (`DATABASE_URL`), for callers that pass none. Loaded dynamically so
 * that importing the producers never loads the database client.
 */
export async function defaultDb(): Promise<PrismaClient> {
  return (await import('@yg/db')).defaultDb();
}
