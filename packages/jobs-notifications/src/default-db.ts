import type { PrismaClient } from '@yg/db';

/**
 * `@yg/db`'s default client (`DATABASE_URL`), for the default `notificationService`. Loaded
 * dynamically so that importing the root export (a web request handler does) never loads Prisma
 * or pg. The same few lines as `@yg/jobs-search`'s: the one shared piece, `defaultDb()` itself,
 * lives in `@yg/db`, and a loader there would have to be a package of its own to stay this light.
 */
export async function defaultDb(): Promise<PrismaClient> {
  return (await import('@yg/db')).defaultDb();
}
