import type { PrismaClient } from '@yg/db';

let db: Promise<PrismaClient> | undefined;

/**
 * A client from `DATABASE_URL`, made on first use, for callers that pass none. Loaded
 * dynamically so that importing the producers never loads the database client.
 */
export function defaultDb(): Promise<PrismaClient> {
  db ??= import('@yg/db').then(({ createDb }) => createDb());
  return db;
}
