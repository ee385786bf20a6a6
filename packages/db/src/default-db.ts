import { createDb } from './create-db';
import type { PrismaClient } from './generated/prisma/client';

let shared: PrismaClient | undefined;

/**
 * The process's client from `DATABASE_URL`, made on first call, for the helpers that a caller may
 * use without passing a client of their own (`notificationService`, `searchDocuments`): one pool
 * for all of them, never opened unless used.
 */
export function defaultDb(): PrismaClient {
  shared ??= createDb();
  return shared;
}

/** Closes the default client if it was ever made; the next `defaultDb()` makes a new one. */
export async function closeDefaultDb(): Promise<void> {
  const db = shared;
  shared = undefined;
  await db?.$disconnect();
}
