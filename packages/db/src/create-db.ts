import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { resolveDatabaseUrl, resolvePoolSize } from './database-url';
import { PrismaClient } from './generated/prisma/client';

export interface CreateDbOptions {
  /** PostgreSQL URL; defaults to DATABASE_URL. */
  url?: string;
  /** Connections in the pool; defaults to DATABASE_POOL_SIZE, else 10 (pg's default). */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;

/** Runs one parameterised statement on a client's own connections, past Prisma's query engine. */
export interface StatementPool {
  query<Row>(text: string, values: readonly unknown[]): Promise<{ rows: Row[] }>;
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * A Prisma client on its own pg pool. Nothing connects until the first query; call `$disconnect()`
 * to close the pool.
 */
export function createDb(options: CreateDbOptions = {}): PrismaClient {
  const connectionString = resolveDatabaseUrl(options.url);
  const max = resolvePoolSize(options.poolSize, DEFAULT_POOL_SIZE);
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection that the server drops (a restart, a failover) is an 'error' on the pool;
  // unheard, it would end the process. The pool discards that connection and opens another when
  // next asked, so there is nothing more to do. Prisma adds its own listener only once connected,
  // and `statementPool` can use the pool before that.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The pool under a client made by {@link createDb}, for a hot read whose statement is already
 * written in SQL (a search page): Prisma's engine adds about 1.5 ms to every query, more than such
 * a statement takes. Same connections, same limit. `undefined` for any other client, and once the
 * client is disconnected (Prisma then opens a pool of its own if used again).
 */
export function statementPool(db: object): StatementPool | undefined {
  const pool = pools.get(db);
  if (!pool || pool.ended || pool.ending) return undefined;
  return {
    query: async <Row>(text: string, values: readonly unknown[]) => {
      const result = await pool.query(text, values as unknown[]);
      return { rows: result.rows as Row[] };
    },
  };
}
