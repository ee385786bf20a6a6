#!/usr/bin/env node
import cluster from 'node:cluster';
import { YgError } from '@yg/job-contracts';
import { CommanderError } from 'commander';
import { createProgram } from './commands/program';
import { UsageError } from './commands/usage-error';

async function main(argv: string[]): Promise<number> {
  let running: Promise<number> | undefined;
  const program = createProgram((code) => {
    running = code;
  });
  try {
    // `pnpm start -- --instances 2` passes the `--` on: it ends nothing here.
    await program.parseAsync(
      argv.filter((a) => a !== '--'),
      { from: 'user' },
    );
  } catch (error) {
    // Help and version are "errors" with exit code 0; a wrong argument is 1 (commander printed it).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  // `start` runs until its stop signal; the operator commands are done once parsed.
  return running ?? (process.exitCode as number | undefined) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // An instance's channel to its supervisor would keep it alive after a clean stop.
    if (cluster.isWorker) process.disconnect?.();
    // A job still running past the shutdown deadline keeps its timers alive; its connections are
    // closed and BullMQ hands it to another worker, so nothing is left to wait for.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    // Our own errors say what is wrong and how to fix it; anything else gets its stack.
    const message = error instanceof YgError ? error.message : (error as Error).stack;
    process.stderr.write(`yg-worker: ${message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
    // A failed start may leave connections retrying; do not hang around.
    setTimeout(() => process.exit(process.exitCode), 100).unref();
  },
);
