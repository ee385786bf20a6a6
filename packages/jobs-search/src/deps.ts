import type { PrismaClient } from '@yg/db';

/** What the search processors need besides the core deps (logger, clock, queues). */
export interface SearchDeps {
  db: PrismaClient;
}
