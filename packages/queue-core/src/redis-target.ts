import type { RedisOptions } from 'ioredis';
import { ConfigError } from './errors/config-error';

/** Where Redis is, parsed from a `redis://` or `rediss://` URL. */
export interface RedisTarget {
  /** `host:port`, safe to log: never the credentials. */
  readonly display: string;
  readonly options: RedisOptions;
}

export function parseRedisUrl(url: string, variable = 'REDIS_URL'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(variable, `is not a URL (expected redis://[:password@]host:port[/db])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(variable, `must start with redis:// or rediss://, not ${parsed.protocol}//`);
  }
  if (!parsed.hostname) throw new ConfigError(variable, 'has no host');
  const port = parsed.port ? Number(parsed.port) : 6379;
  const dbPath = parsed.pathname.replace(/^\//, '');
  if (dbPath !== '' && !/^\d+$/.test(dbPath)) {
    throw new ConfigError(variable, `database must be a number, got "${dbPath}"`);
  }
  // IPv6 hosts come back from URL in brackets; ioredis wants them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RedisOptions = { host, port };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (dbPath !== '') options.db = Number(dbPath);
  if (parsed.protocol === 'rediss:') options.tls = { servername: host };
  return { display: `${parsed.hostname}:${port}`, options };
}
