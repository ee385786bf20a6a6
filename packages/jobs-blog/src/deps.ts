import type { PrismaClient } from '@yg/db';

/** What the blog processors need besides the core deps (logger, clock, queues). */
export interface BlogDeps {
  db: PrismaClient;
}
