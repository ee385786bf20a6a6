import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { resolveDatabaseUrl, resolvePoolSize } from './database-url';
import { type Prisma, PrismaClient } from './generated/prisma/client';

export interface CreateDbOptions {
  /** PostgreSQL URL; defaults to DATABASE_URL. */
  url?: string;
  /** Connections in the pool; defaults to DATABASE_POOL_SIZE, else 10 (pg's default). */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;

/** Runs one parameterised statement on a client's own connections, past Prisma's query engine. */
export interface StatementPool {
  query<Row>(text: string, values: readonly unknown[], options?: StatementOptions): Promise<{ rows: Row[] }>;
}

export interface StatementOptions {
  /**
   * Keep the statement prepared on each connection that runs it: PostgreSQL parses it once per
   * connection, and after a few runs plans it once, instead of every time. For a statement run
   * thousands of times whose text is fixed (its values in arrays, say): each distinct text holds a
   * prepared statement on every connection for as long as the connection lives.
   */
  prepare?: boolean;
}

const pools = new WeakMap<object, { pool: pg.Pool; statements: StatementPool }>();

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
  pools.set(db, { pool, statements: poolStatements(pool) });
  return db;
}

/**
 * The pool under a client made by {@link createDb}, for a hot read whose statement is already
 * written in SQL (a search page): Prisma's engine adds about 1.5 ms to every query, more than such
 * a statement takes. Same connections, same limit. `undefined` for any other client, and once the
 * client is disconnected (Prisma then opens a pool of its own if used again).
 */
export function statementPool(db: object): StatementPool | undefined {
  const entry = pools.get(db);
  if (!entry || entry.pool.ended || entry.pool.ending) return undefined;
  return entry.statements;
}

// Made once per pool, and the pool's own promise handed back: a search page runs through here on
// every request, and each object made and promise awaited on the way costs it microseconds.
function poolStatements(pool: pg.Pool): StatementPool {
  return {
    query: <Row>(text: string, values: readonly unknown[], options: StatementOptions = {}) =>
      pool.query({
        text,
        values: values.map(asPrismaSends),
        types: asPrismaReads,
        ...(options.prepare ? { name: preparedName(text) } : {}),
      }) as unknown as Promise<{ rows: Row[] }>,
  };
}

/**
 * Runs a `Prisma.sql` statement on the client's pool when it has one (see {@link statementPool}),
 * else through Prisma: the same rows either way.
 */
export async function queryRows<Row>(
  db: Pick<PrismaClient, '$queryRaw'>,
  statement: Prisma.Sql,
  options?: StatementOptions,
): Promise<Row[]> {
  const pool = statementPool(db);
  if (!pool) return db.$queryRaw<Row[]>(statement);
  return (await pool.query<Row>(statement.text, statement.values, options)).rows;
}

const preparedNames = new Map<string, string>();

/**
 * One name per text: pg refuses a name prepared on a connection with another text, and the same
 * text under one name is parsed once per connection.
 */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `yg_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

// Values and results as Prisma has them, so that a statement means the same on either path. The
// schema's timestamps have no time zone and hold UTC: pg would send a Date, and read one back, in
// the process's local time.
const TIMESTAMP = 1114;
const INT8 = 20;

function asPrismaSends(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

const asPrismaReads = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    if (oid === INT8) return (text: string) => BigInt(text);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
