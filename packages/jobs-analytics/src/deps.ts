import type { PrismaClient } from '@yg/db';

/** What the analytics processors need besides the core deps (logger, clock, queues). */
export interface AnalyticsDeps {
  db: PrismaClient;
}
