import type { RedisOptions } from 'ioredis';
import { ConfigError } from './errors/config-error';

/** One node of a Redis Cluster, as given in `REDIS_CLUSTER_NODES`. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/** Where Redis is: one server from a `redis://`/`rediss://` URL, or a cluster's seed nodes. */
export interface RedisTarget {
  /** `host:port` (a cluster: `cluster host:port,…`), safe to log: never the credentials. */
  readonly display: string;
  /**
   * The options of each connection: host, port, credentials, TLS, database. For a cluster, the
   * options every node connection shares (credentials and TLS), without host and port.
   */
  readonly options: RedisOptions;
  /** Set for a Redis Cluster: the nodes to discover it from (any reachable one is enough). */
  readonly clusterNodes?: readonly ClusterNode[];
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

/**
 * Parses `REDIS_CLUSTER_NODES`: a comma-separated list of `host:port` or `redis://`/`rediss://`
 * URLs. The rules of `REDIS_URL` hold per entry; credentials and TLS are the cluster's, so the
 * entries that state them must agree (stating them once is enough: `rediss://:pw@h1:7000,h2:7001`),
 * and a cluster has no database but 0.
 */
export function parseRedisClusterNodes(list: string, variable = 'REDIS_CLUSTER_NODES'): RedisTarget {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new ConfigError(variable, 'names no node (expected host:port,host:port)');
  const nodes: ClusterNode[] = [];
  const shared: RedisOptions = {};
  let scheme: string | undefined;
  entries.forEach((entry, index) => {
    const explicit = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry);
    const url = explicit ? entry : `redis://${entry}`;
    const where = `${variable} (node #${index + 1})`;
    const { options } = parseRedisUrl(url, where);
    // A bare host:port takes the scheme of the URLs beside it.
    const entryScheme = explicit ? url.slice(0, url.indexOf(':')).toLowerCase() : undefined;
    if (entryScheme !== undefined && scheme !== undefined && entryScheme !== scheme) {
      throw new ConfigError(where, 'mixes redis:// and rediss://: TLS is the whole cluster’s or none of it');
    }
    scheme ??= entryScheme;
    if (options.db !== undefined && options.db !== 0) {
      throw new ConfigError(where, 'names a database: a Redis Cluster has only database 0');
    }
    for (const key of ['username', 'password'] as const) {
      const value = options[key];
      if (value === undefined) continue;
      if (shared[key] !== undefined && shared[key] !== value) {
        throw new ConfigError(where, `has a ${key} that differs from another node's`);
      }
      shared[key] = value;
    }
    nodes.push({ host: options.host!, port: options.port! });
  });
  // Every node's own host name is its TLS server name (Node's default when none is given).
  if (scheme === 'rediss') shared.tls = {};
  const display = nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`);
  return { display: `cluster ${display.join(',')}`, options: shared, clusterNodes: nodes };
}
