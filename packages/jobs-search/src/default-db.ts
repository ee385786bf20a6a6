import type { PrismaClient, StatementPool } from '@yg/db';

// Loaded on first use so that importing the producers never loads the database client; kept, so
// that a search page does not pay the module loader (its resolve hooks) on every call.
let dbModule: Promise<typeof import('@yg/db')> | undefined;
const loadDb = () => {
  dbModule ??= import('@yg/db');
  return dbModule;
};

/** `@yg/db`'s default client (`DATABASE_URL`), for callers that pass none. */
export async function defaultDb(): Promise<PrismaClient> {
  return (await loadDb()).defaultDb();
}

/** `@yg/db`'s `statementPool` of a client. */
export async function statementPool(db: object): Promise<StatementPool | undefined> {
  return (await loadDb()).statementPool(db);
}
