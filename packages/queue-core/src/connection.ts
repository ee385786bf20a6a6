import { Redis } from 'ioredis';
import type { QueueConfig } from './config';
import { RedisUnavailableError } from './errors/redis-unavailable-error';

export type ConnectionRole = 'producer' | 'worker';

/**
 * A Redis connection for one role. Producers fail fast: no offline queue, so a command while
 * Redis is down rejects at once instead of piling up behind a web request. Workers wait
 * forever (`maxRetriesPerRequest: null`), as BullMQ requires for blocking commands.
 */
export function createConnection(config: QueueConfig, role: ConnectionRole): Redis {
  const reconnect = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 3000);
  const common = {
    ...config.redis.options,
    // Shows up in CLIENT LIST, so operators can tell our connections apart.
    connectionName: `yg-jobs:${config.prefix}:${role}`,
    lazyConnect: true,
    connectTimeout: config.connectTimeoutMs,
    retryStrategy: reconnect,
  };
  return role === 'producer'
    ? new Redis({ ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : new Redis({ ...common, maxRetriesPerRequest: null, enableReadyCheck: true });
}

/**
 * Starts connecting if needed and resolves once the connection is ready; rejects with
 * {@link RedisUnavailableError} after `timeoutMs` without tearing the connection down, so it
 * keeps retrying in the background and the next call can succeed.
 */
export async function whenReady(
  connection: Redis,
  target: string,
  timeoutMs: number,
  { reconnecting = false } = {},
): Promise<void> {
  // After a dropped write the status can still read 'ready' until ioredis sees the close:
  // then only the next 'ready' event means the connection is back.
  if (connection.status === 'ready' && !reconnecting) return;
  if (connection.status === 'end') {
    throw new RedisUnavailableError(target, 0, new Error('connection was closed'));
  }
  let lastError: Error | undefined;
  let onReady!: () => void;
  let onError!: (error: Error) => void;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onError = (error) => {
        lastError = error;
      };
      connection.once('ready', onReady);
      connection.on('error', onError);
      timer = setTimeout(() => reject(new RedisUnavailableError(target, timeoutMs, lastError)), timeoutMs);
      if (connection.status === 'wait') {
        // The error also reaches the 'error' listener; the timer decides when to give up.
        connection.connect().catch(() => {});
      }
    });
  } finally {
    clearTimeout(timer);
    connection.off('ready', onReady);
    connection.off('error', onError);
  }
}

/** Closes a connection politely when it is up, at once when it is not (QUIT would wait). */
export async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
  } else {
    connection.disconnect();
  }
}
