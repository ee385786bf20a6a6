import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import type { QueueConfig } from './config';
import { RedisUnavailableError } from './errors/redis-unavailable-error';
import { ioredis } from './ioredis-driver';

export type ConnectionRole = 'producer' | 'worker';

/** A connection to one Redis server or to a Redis Cluster: BullMQ and every caller here take either. */
export type QueueConnection = Redis | Cluster;

/**
 * A Redis connection for one role. Producers fail fast: no offline queue, so a command while
 * Redis is down rejects at once instead of piling up behind a web request. Workers wait
 * forever (`maxRetriesPerRequest: null`), as BullMQ requires for blocking commands.
 * With `REDIS_CLUSTER_NODES` it is an ioredis `Cluster` whose node connections carry the same
 * role settings.
 */
export function createConnection(config: QueueConfig, role: ConnectionRole): QueueConnection {
  const reconnect = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 3000);
  const common = {
    ...config.redis.options,
    // Shows up in CLIENT LIST, so operators can tell our connections apart.
    connectionName: `yg-jobs:${config.prefix}:${role}`,
    lazyConnect: true,
    connectTimeout: config.connectTimeoutMs,
    retryStrategy: reconnect,
  };
  const roleOptions: RedisOptions =
    role === 'producer'
      ? {
          enableOfflineQueue: false,
          // A command whose reply was lost with the connection may have run: ioredis would send it
          // again after the reconnect and could add a job twice. With no retries it fails at the
          // drop instead (RedisUnavailableError), and its caller decides. (ioredis's own
          // `autoResendUnfulfilledCommands: false` drops such commands without ever settling them.)
          maxRetriesPerRequest: 0,
        }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  const nodes = config.redis.clusterNodes;
  const { Redis, Cluster } = ioredis();
  if (!nodes) return new Redis({ ...common, ...roleOptions });
  const { lazyConnect, retryStrategy: _perNode, ...nodeOptions } = common;
  const clusterOptions: ClusterOptions = {
    lazyConnect,
    // The cluster reconnects as a whole (slots are refreshed from any node that answers).
    clusterRetryStrategy: reconnect,
    enableOfflineQueue: roleOptions.enableOfflineQueue ?? true,
    enableReadyCheck: true,
    redisOptions: { ...nodeOptions, ...roleOptions },
    // Behind TLS, resolving a node's name to an address would leave the certificate's name behind.
    ...(config.redis.options.tls ? { dnsLookup: (address, lookup) => lookup(null, address) } : {}),
  };
  return new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    clusterOptions,
  );
}

/** The next 'ready' of a connection, awaited by every caller that waits for it. */
interface PendingReady {
  promise: Promise<void>;
  /** The last connection error seen while waiting: the reason given when a caller gives up. */
  lastError: Error | undefined;
}

// One wait (and one set of listeners) per connection, however many callers wait: listeners per
// call would pile up past Node's limit of 10 when many enqueues arrive while connecting.
const pendingReady = new WeakMap<QueueConnection, PendingReady>();

function nextReady(connection: QueueConnection): PendingReady {
  const known = pendingReady.get(connection);
  if (known) return known;
  const pending: PendingReady = { promise: Promise.resolve(), lastError: undefined };
  pending.promise = new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      pending.lastError = error;
    };
    const settle = () => {
      connection.off('ready', onReady);
      connection.off('error', onError);
      connection.off('end', onEnd);
      pendingReady.delete(connection);
    };
    const onReady = () => {
      settle();
      resolve();
    };
    const onEnd = () => {
      settle();
      reject(pending.lastError ?? new Error('connection was closed'));
    };
    connection.on('ready', onReady);
    connection.on('error', onError);
    connection.on('end', onEnd);
  });
  // Callers see a rejection through their own race; unobserved, it must not crash the process.
  pending.promise.catch(() => {});
  pendingReady.set(connection, pending);
  return pending;
}

/**
 * Starts connecting if needed and resolves once the connection is ready; rejects with
 * {@link RedisUnavailableError} after `timeoutMs` without tearing the connection down, so it
 * keeps retrying in the background and the next call can succeed.
 */
export async function whenReady(
  connection: QueueConnection,
  target: string,
  timeoutMs: number,
  { reconnecting = false } = {},
): Promise<void> {
  // After a dropped write the status can still read 'ready' until ioredis sees the close:
  // then only the next 'ready' event means the connection is back.
  if (isReady(connection) && !reconnecting) return;
  if (connection.status === 'end') {
    throw new RedisUnavailableError(target, 0, new Error('connection was closed'));
  }
  const pending = nextReady(connection);
  if (connection.status === 'wait') {
    // The error also reaches the 'error' listener; the timer decides when to give up.
    connection.connect().catch(() => {});
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisUnavailableError(target, timeoutMs, pending.lastError)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([pending.promise, timeout]);
  } catch (error) {
    if (error instanceof RedisUnavailableError) throw error;
    // The connection ended while waiting (closed by its owner, or out of retries).
    throw new RedisUnavailableError(target, 0, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The connection is up: nothing to wait for. Callers on a hot path (every enqueue) check this
 * before calling {@link whenReady}, which would answer at once but cost an async call and its
 * promises each time.
 */
export function isReady(connection: QueueConnection): boolean {
  return connection.status === 'ready';
}

/** Closes a connection politely when it is up, at once when it is not (QUIT would wait). */
export async function closeConnection(connection: QueueConnection): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
  } else {
    connection.disconnect();
  }
}
