import { execFile } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs a command without blocking the event loop (the registry and the test's timers keep
 * working) and fails with the command, its exit and its whole output, so a failure in CI says why.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const how = error.killed
          ? `was killed after ${timeoutMs} ms (did it leave a handle open?)`
          : `exited with ${error.code}`;
        reject(
          new Error(`\`${command} ${args.join(' ')}\` ${how}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`),
        );
      },
    );
  });
}
