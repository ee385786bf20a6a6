import { type Logger, pino } from 'pino';
import { logSafeError } from './log-safe-error';

export type { Logger } from 'pino';

/**
 * Structured JSON lines on stdout; `LOG_LEVEL` sets the level. `format: 'pretty'` (`LOG_FORMAT`)
 * writes human-readable lines for a terminal instead.
 */
export function createLogger(
  options: { level?: string; name?: string; format?: 'json' | 'pretty' } = {},
): Logger {
  return pino({
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

/** A logger that drops everything, for libraries used without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
