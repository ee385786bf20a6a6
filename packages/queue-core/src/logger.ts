import { createRequire } from 'node:module';
import { lazyObject } from '@yg/job-contracts';
import type { Logger, pino as Pino } from 'pino';
import { logSafeError } from './log-safe-error';

export type { Logger } from 'pino';

let pinoModule: { pino: typeof Pino } | undefined;

/**
 * pino, loaded by the first logger rather than at import (about 20 ms): a web handler that imports
 * a producer and enqueues with a client of its own never needs it. pino is CommonJS: `require`
 * gives the copy an `import` would.
 */
function pino(): typeof Pino {
  pinoModule ??= createRequire(import.meta.url)('pino') as { pino: typeof Pino };
  return pinoModule.pino;
}

/**
 * Structured JSON lines on stdout; `LOG_LEVEL` sets the level. `format: 'pretty'` (`LOG_FORMAT`)
 * writes human-readable lines for a terminal instead.
 */
export function createLogger(
  options: { level?: string; name?: string; format?: 'json' | 'pretty' } = {},
): Logger {
  return pino()({
    name: options.name ?? 'yg-jobs',
    level: options.level ?? 'info',
    // A transport is loaded by name in a thread of its own: JSON logging never loads pino-pretty.
    ...(options.format === 'pretty' ? { transport: { target: 'pino-pretty' } } : {}),
    // Belt and braces: nothing we log should hold these, but a job's data might.
    // Every `err` is copied through one filter: no URL credentials, no library-attached commands.
    serializers: { err: logSafeError },
    redact: { paths: ['password', '*.password', 'redisUrl', '*.redisUrl'], censor: '[redacted]' },
  });
}

/** A logger that drops everything, for libraries used without one. Made on first use. */
export const silentLogger: Logger = lazyObject(() => pino()({ level: 'silent' }));
