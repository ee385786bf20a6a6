import { lazySchema } from '@yg/job-contracts';
import { envCount, readEnv } from '@yg/queue-core';

export interface AnalyticsConfig {
  /** Whole months of raw events kept before the current one; older months are dropped. */
  rawRetentionMonths: number;
}

const AnalyticsEnv = lazySchema((z) =>
  z.object({
    ANALYTICS_RAW_RETENTION_MONTHS: envCount(120).default(13),
  }),
);

/** The analytics settings from the environment; a bad value throws `ConfigError` naming it. */
export function loadAnalyticsConfig(env: Record<string, string | undefined> = process.env): AnalyticsConfig {
  const parsed = readEnv(AnalyticsEnv, env);
  return { rawRetentionMonths: parsed.ANALYTICS_RAW_RETENTION_MONTHS };
}
