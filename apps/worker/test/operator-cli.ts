// Runs a `yg-worker` operator command (the built CLI) to its end, as an operator's shell would.
import { fileURLToPath } from 'node:url';
import { runProcess } from '@yg/testing';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CommandRun {
  code: number | null;
  stdout: string;
  output: string;
}

export async function yg(args: string[], env: Record<string, string>): Promise<CommandRun> {
  const run = runProcess(CLI, { args, env: { LOG_LEVEL: 'warn', ...env } });
  let stdout = '';
  run.child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const { code } = await run.exited;
  return { code, stdout, output: run.output() };
}

/** `--json` output: one document on stdout, nothing else. */
export function json<T = unknown>(run: CommandRun): T {
  return JSON.parse(run.stdout) as T;
}
