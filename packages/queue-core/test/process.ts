import { type RunningProcess, runProcess as run } from '@yg/testing';
import { TEST_REDIS_ENV } from './fixtures';

export type { RunningProcess } from '@yg/testing';

/** Runs one of `test/processes/*.mjs` as a separate Node process against the built packages. */
export function runProcess(script: string, args: string[], env: Record<string, string> = {}): RunningProcess {
  return run(new URL(`./processes/${script}`, import.meta.url), { args, env: { ...TEST_REDIS_ENV, ...env } });
}
