import { lazySchema } from '@yg/job-contracts';
import { envCount, readEnv } from '@yg/queue-core';
import { NOTIFICATION_SWEEP_CRON } from '../module';
import { DEFAULT_SWEEP_SETTINGS } from './sweep-settings';

export interface SweepConfig {
  /** `NOTIFICATION_SWEEP_CRON`: when the sweep runs, UTC. @defaultValue every 5 minutes */
  pattern: string;
  /** `NOTIFICATION_SWEEP_GRACE_MS`: how old undone work must be before it is queued again. @defaultValue 120000 */
  graceMs: number;
}

const Env = lazySchema((z) =>
  z.object({
    NOTIFICATION_SWEEP_CRON: z
      .string()
      .trim()
      .regex(/^(\S+\s+){4}\S+$/, 'must be a cron pattern of five fields, e.g. */5 * * * *')
      .default(NOTIFICATION_SWEEP_CRON),
    NOTIFICATION_SWEEP_GRACE_MS: envCount(86_400_000).default(DEFAULT_SWEEP_SETTINGS.graceMs),
  }),
);

/**
 * How often the sweep looks for work Redis lost, and how old it must be. Operators shorten both
 * to recover faster after a Redis restart without persistence; a bad value throws `ConfigError`.
 */
export function loadSweepConfig(env: Record<string, string | undefined> = process.env): SweepConfig {
  const e = readEnv(Env, env);
  return { pattern: e.NOTIFICATION_SWEEP_CRON, graceMs: e.NOTIFICATION_SWEEP_GRACE_MS };
}
