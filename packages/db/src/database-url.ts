import { DatabaseConfigError, DatabaseUrlError } from './errors/index';

/** The local server's admin database: where tests create their databases when DATABASE_URL is unset. */
export const LOCAL_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

type Env = Record<string, string | undefined>;

/**
 * The URL to connect to: `explicit` when given, else DATABASE_URL. Read when called (never at
 * import), and checked so that a typo fails here with the variable's name instead of later as a
 * connection error from deep inside the driver.
 */
export function resolveDatabaseUrl(explicit?: string, env: Env = process.env): string {
  const source = explicit === undefined ? 'DATABASE_URL' : 'url';
  const value = explicit ?? env.DATABASE_URL;
  if (value === undefined || value.trim() === '') {
    throw new DatabaseUrlError(
      source === 'DATABASE_URL'
        ? 'DATABASE_URL is not set: set it to a PostgreSQL URL such as postgresql://user:password@host:5432/database, or pass { url }.'
        : 'The database url is empty: pass a PostgreSQL URL such as postgresql://user:password@host:5432/database.',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    throw new DatabaseUrlError(`${source} is not a valid URL: "${redactDatabaseUrl(value)}".`);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DatabaseUrlError(
      `${source} must start with postgresql:// or postgres://, got "${redactDatabaseUrl(value)}".`,
    );
  }
  // A socket directory in ?host= stands in for a host name.
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
    throw new DatabaseUrlError(`${source} names no host: "${redactDatabaseUrl(value)}".`);
  }
  return value.trim();
}

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable: hide whatever sits between "user:" and "@".
    return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** The same server with another database: how a test database's URL is made from the admin URL. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The connection pool's size: `explicit`, else DATABASE_POOL_SIZE, else `fallback`. */
export function resolvePoolSize(
  explicit: number | undefined,
  fallback: number,
  env: Env = process.env,
): number {
  const source = explicit === undefined ? 'DATABASE_POOL_SIZE' : 'poolSize';
  const raw = explicit ?? env.DATABASE_POOL_SIZE;
  if (raw === undefined || raw === '') return fallback;
  const size = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(size) || size < 1) {
    throw new DatabaseConfigError(
      `${source} must be a whole number of connections of at least 1, got "${raw}".`,
    );
  }
  return size;
}
