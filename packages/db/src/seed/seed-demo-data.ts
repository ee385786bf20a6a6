import { createDb } from '../create-db';
import type { PrismaClient } from '../generated/prisma/client';
import { advanceEventIdSequence, insertAnalyticsEvents } from './activity';
import { insertAssets, insertLicenses, insertProjects } from './catalog';
import { insertBlogPosts, insertNotifications } from './content';
import { resolveSeedOptions, type SeedOptions } from './options';
import { insertCreators, insertNotificationPreferences, insertUsers } from './people';

/** Rows inserted by one call (0 for rows that a previous call with the same seed already made). */
export interface SeedCounts {
  users: number;
  notificationPreferences: number;
  creators: number;
  assets: number;
  projects: number;
  licenses: number;
  blogPosts: number;
  notifications: number;
  analyticsEvents: number;
}

/**
 * Fills a migrated database with demo data: users, creators, assets of every type, projects,
 * licenses, blog posts, notifications and raw analytics events. Deterministic (the same options give
 * the same rows, ids and timestamps included) and set-based: one INSERT … SELECT FROM
 * generate_series per table, all in one transaction, so 100,000 assets take seconds. Running it again
 * with the same seed inserts nothing.
 */
export async function seedDemoData(
  target: PrismaClient | string,
  options: SeedOptions = {},
): Promise<SeedCounts> {
  const o = resolveSeedOptions(options);
  const db = typeof target === 'string' ? createDb({ url: target, poolSize: 1 }) : target;
  try {
    return await db.$transaction(
      async (tx) => {
        const run = (sql: string) => tx.$executeRawUnsafe(sql);
        const counts: SeedCounts = {
          users: await run(insertUsers(o)),
          notificationPreferences: await run(insertNotificationPreferences(o)),
          creators: await run(insertCreators(o)),
          assets: await run(insertAssets(o)),
          projects: await run(insertProjects(o)),
          licenses: await run(insertLicenses(o)),
          blogPosts: await run(insertBlogPosts(o)),
          notifications: await run(insertNotifications(o)),
          analyticsEvents: await run(insertAnalyticsEvents(o)),
        };
        await run(advanceEventIdSequence());
        return counts;
      },
      // Large seeds run for longer than an interactive transaction's default 5 s.
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } finally {
    if (typeof target === 'string') await db.$disconnect();
  }
}
