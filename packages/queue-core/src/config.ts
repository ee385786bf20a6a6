import { allContracts, lazySchema, loadZod } from '@yg/job-contracts';
import type { z } from 'zod';
import { queueOfConcurrencyVariable } from './concurrency';
import { type Env, envCount, readEnv } from './env';
import { ConfigError } from './errors/config-error';
import { parseRedisClusterNodes, parseRedisUrl, type RedisTarget } from './redis-target';

export interface QueueConfig {
  /**
   * `REDIS_URL`, parsed, or `REDIS_CLUSTER_NODES` for a Redis Cluster (then `clusterNodes` is set).
   * @defaultValue `redis://127.0.0.1:6379`
   */
  readonly redis: RedisTarget;
  /**
   * `BULLMQ_PREFIX`: the first part of every key. In braces (`{yg}`) it keeps a queue's keys
   * in one Redis Cluster slot. @defaultValue `yg`
   */
  readonly prefix: string;
  /** `WORKER_CONCURRENCY`: when set, overrides the concurrency of every queue that is not serial. */
  readonly workerConcurrency: number | undefined;
  /**
   * `WORKER_CONCURRENCY_<QUEUE>` (`WORKER_CONCURRENCY_EMAIL_SEND=20`): one queue's concurrency, by
   * queue name; wins over `WORKER_CONCURRENCY`. Serial queues keep one job at a time.
   */
  readonly queueConcurrency: Readonly<Record<string, number>>;
  /** `ENABLE_WORKERS`: `false` in serverless deployments, where no worker may run. @defaultValue true */
  readonly enableWorkers: boolean;
  /** `REDIS_CONNECT_TIMEOUT_MS`: how long a producer waits for Redis before failing. @defaultValue 2000 */
  readonly connectTimeoutMs: number;
  /** `SHUTDOWN_TIMEOUT_MS`: how long shutdown lets active jobs finish. @defaultValue 30000 */
  readonly shutdownTimeoutMs: number;
  /** `LOG_LEVEL` for the pino logger. @defaultValue `info` */
  readonly logLevel: string;
  /** `LOG_FORMAT`: `json` lines, or `pretty` ones for a terminal. @defaultValue `json` */
  readonly logFormat: 'json' | 'pretty';
  /**
   * `WORKER_LOCK_DURATION_MS`: how long a job's lock lasts without renewal. A worker that dies
   * holding a job gives it up after this long. A processor's own `lockDuration` wins.
   * @defaultValue 30000 (BullMQ's)
   */
  readonly lockDurationMs: number;
  /**
   * `WORKER_STALLED_INTERVAL_MS`: how often workers look for jobs whose lock lapsed and hand them
   * out again. Together with the lock duration it bounds how long a crashed job waits.
   * @defaultValue 30000 (BullMQ's)
   */
  readonly stalledIntervalMs: number;
  /**
   * `WORKER_MAX_STALLED_COUNT`: how many times a job may lose its worker (a crash, a kill) and be
   * handed out again before it fails for good. BullMQ's default of 1 fails a job whose worker died
   * twice; a crash is not the job's fault. @defaultValue 10
   */
  readonly maxStalledCount: number;
  /**
   * `WORKER_SCHEDULE_CHECK_MS`: how often a running worker checks that its declared job schedules
   * are still in Redis and restores the missing ones; `0` turns the check off. @defaultValue 60000
   */
  readonly scheduleCheckIntervalMs: number;
}

// Built when first read: importing the package loads no zod.
const EnvSchema = lazySchema((z) => {
  const flag = z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
  return z.object({
    REDIS_URL: z.string().trim().min(1).default('redis://127.0.0.1:6379'),
    REDIS_CLUSTER_NODES: z.string().trim().min(1).optional(),
    BULLMQ_PREFIX: z
      .string()
      .trim()
      .regex(
        /^(\{[\w.-]+\}|[\w.-]+)$/,
        'must be letters, digits, "-", "_" or ".", optionally in braces like {yg}',
      )
      .default('yg'),
    WORKER_CONCURRENCY: envCount(1000).optional(),
    ENABLE_WORKERS: flag.default(true),
    REDIS_CONNECT_TIMEOUT_MS: envCount(600_000).default(2000),
    SHUTDOWN_TIMEOUT_MS: envCount(3_600_000).default(30_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    WORKER_LOCK_DURATION_MS: envCount(3_600_000).default(30_000),
    WORKER_STALLED_INTERVAL_MS: envCount(3_600_000).default(30_000),
    WORKER_MAX_STALLED_COUNT: envCount(1000).default(10),
    WORKER_SCHEDULE_CHECK_MS: z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be a whole number of milliseconds (0 turns the check off)')
      .transform(Number)
      .default(60_000),
  });
});

/**
 * Reads and validates the platform's environment. Throws {@link ConfigError} naming the first
 * bad variable; the message never repeats a value, so a password in `REDIS_URL` cannot leak.
 */
export function loadQueueConfig(env: Env = process.env): QueueConfig {
  const e = readEnv(EnvSchema, env);
  return {
    queueConcurrency: readQueueConcurrency(env),
    redis: readRedisTarget(e, env),
    prefix: e.BULLMQ_PREFIX,
    workerConcurrency: e.WORKER_CONCURRENCY,
    enableWorkers: e.ENABLE_WORKERS,
    connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    lockDurationMs: e.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: e.WORKER_MAX_STALLED_COUNT,
    scheduleCheckIntervalMs: e.WORKER_SCHEDULE_CHECK_MS,
  };
}

/**
 * One server (`REDIS_URL`) or a cluster (`REDIS_CLUSTER_NODES`), never both. On a cluster every
 * key a BullMQ script touches must live in one slot: only a prefix in braces (`{yg}`) hashes all
 * of a queue's keys alike, so any other prefix is refused here rather than by Redis
 * (`CROSSSLOT`) at the first job.
 */
function readRedisTarget(e: z.output<typeof EnvSchema>, env: Env): RedisTarget {
  if (e.REDIS_CLUSTER_NODES === undefined) return parseRedisUrl(e.REDIS_URL);
  if (env.REDIS_URL) {
    throw new ConfigError(
      'REDIS_CLUSTER_NODES',
      'and REDIS_URL are both set: set REDIS_URL for one Redis server or REDIS_CLUSTER_NODES for a cluster, not both',
    );
  }
  if (!/^\{[^}]+\}$/.test(e.BULLMQ_PREFIX)) {
    throw new ConfigError(
      'BULLMQ_PREFIX',
      'must be in braces (like {yg}) with REDIS_CLUSTER_NODES: BullMQ changes a queue’s keys together in ' +
        'one script, and a Redis Cluster runs a script only on keys of one slot, which a braced prefix gives them',
    );
  }
  return parseRedisClusterNodes(e.REDIS_CLUSTER_NODES);
}

/** Every `WORKER_CONCURRENCY_<QUEUE>` variable, checked: a typo would otherwise change nothing, silently. */
function readQueueConcurrency(env: Env): Record<string, number> {
  const known = new Set<string>(allContracts.map((c) => c.queue));
  const result: Record<string, number> = {};
  for (const variable of Object.keys(env).sort()) {
    const queue = queueOfConcurrencyVariable(variable);
    if (!queue || !env[variable]) continue;
    if (!known.has(queue)) {
      throw new ConfigError(variable, `names no queue (known: ${[...known].sort().join(', ')})`);
    }
    result[queue] = readEnv(loadZod().object({ [variable]: envCount(1000) }), env)[variable] as number;
  }
  return result;
}

/** A config from explicit values (tests, scripts), with the same defaults and checks as the env. */
export function queueConfig(
  overrides: { redisUrl?: string; redisClusterNodes?: string; prefix?: string } & Partial<
    Omit<QueueConfig, 'redis' | 'prefix'>
  > = {},
): QueueConfig {
  const base = loadQueueConfig({
    REDIS_URL: overrides.redisUrl,
    REDIS_CLUSTER_NODES: overrides.redisClusterNodes,
    BULLMQ_PREFIX: overrides.prefix,
  });
  const { redisUrl: _url, redisClusterNodes: _nodes, prefix: _prefix, ...rest } = overrides;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}
