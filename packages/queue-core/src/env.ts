import { builtSchema, loadZod } from '@yg/job-contracts';
import type { z } from 'zod';
import { ConfigError } from './errors/config-error';

export type Env = Record<string, string | undefined>;

/**
 * Parses environment variables with a zod object schema. Empty strings count as unset, as they
 * do in most deploy tools' env editors. The first bad variable throws {@link ConfigError} naming
 * it, with the schema's message and never the value (it may be a password).
 */
export function readEnv<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = builtSchema(schema).safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  return result.data;
}

/** An environment variable holding a whole number from 1 to `max` (`WORKER_CONCURRENCY`, …). */
export function envCount(max: number) {
  return loadZod()
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be between 1 and ${max}`);
}
