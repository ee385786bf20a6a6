import { PrismaPg } from '@prisma/adapter-pg';
import { resolveDatabaseUrl, resolvePoolSize } from './database-url';
import { PrismaClient } from './generated/prisma/client';

export interface CreateDbOptions {
  /** PostgreSQL URL; defaults to DATABASE_URL. */
  url?: string;
  /** Connections in the pool; defaults to DATABASE_POOL_SIZE, else 10 (pg's default). */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;

/**
 * A Prisma client on its own pg pool. Nothing connects until the first query; call `$disconnect()`
 * to close the pool.
 */
export function createDb(options: CreateDbOptions = {}): PrismaClient {
  const connectionString = resolveDatabaseUrl(options.url);
  const max = resolvePoolSize(options.poolSize, DEFAULT_POOL_SIZE);
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}
