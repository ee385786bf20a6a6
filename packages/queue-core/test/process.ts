import { type RunningProcess, runProcess as run } from '@yg/testing';
import { REDIS_URL } from './fixtures';

export type { RunningProcess } from '@yg/testing';

/** Runs one of `test/processes/*.mjs` as a separate Node process against the built packages. */
export function runProcess(script: string, args: string[], env: Record<string, string> = {}): RunningProcess {
  return run(new URL(`./processes/${script}`, import.meta.url), { args, env: { REDIS_URL, ...env } });
}
