#!/usr/bin/env node
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { ensureDatabase, migrate } from '@yg/db/migrate';
import { YgError } from '@yg/job-contracts';
import { ConfigError, createLogger, loadQueueConfig } from '@yg/queue-core';
import { loadWorkerAppConfig } from './app-config';
import { startHttpServer } from './http-server';
import { superviseInstances } from './instances';
import { onStopSignals, signalExitCode } from './stop-signals';
import { initializeAllWorkers, shutdownAllWorkers } from './workers';

const USAGE = `Usage: yg-worker start [--instances N] [--queues name,group,...] [--migrate]

  --instances N   run N worker processes (default 1)
  --queues LIST   only serve these queues or health groups (default: all)
  --migrate       create the database if missing and apply pending migrations first`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    options: {
      instances: { type: 'string', default: '1' },
      queues: { type: 'string' },
      migrate: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'start';
  if (values.help || command !== 'start') {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) {
    throw new ConfigError('--instances', 'must be a whole number from 1 to 64');
  }
  const config = loadQueueConfig();
  const appConfig = loadWorkerAppConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, name: 'yg-worker' });

  if (cluster.isPrimary && values.migrate) {
    // Once, before any instance starts; the applier's advisory lock covers other hosts.
    if (await ensureDatabase()) logger.info('created the database');
    const { applied } = await migrate();
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
  }
  if (instances > 1 && cluster.isPrimary) return superviseInstances(instances, logger);

  const only = values.queues
    ?.split(',')
    .map((q) => q.trim())
    .filter(Boolean);
  let server: Server | undefined;
  let stopRequested = false;
  const exited = new Promise<number>((resolve) => {
    onStopSignals({
      stop(signal) {
        stopRequested = true;
        logger.info({ signal }, 'shutting down; send the signal again to stop at once');
        server?.close();
        resolve(shutdownAllWorkers().then(() => 0));
      },
      force(signal) {
        logger.warn(
          { signal },
          `${signal} again during the graceful stop: forced exit; active jobs are retried`,
        );
        process.exit(signalExitCode(signal));
      },
    });
  });
  // The port first: when it is taken, the start fails before any worker has taken a job.
  if (appConfig.httpPort > 0) {
    server = await startHttpServer({
      port: appConfig.httpPort,
      host: appConfig.httpHost,
      logger,
      dashboard: appConfig.dashboard,
    });
  }
  // A signal during the start must not be followed by workers that nobody stops.
  if (stopRequested) {
    server?.close();
    return exited;
  }
  await initializeAllWorkers(only ? { only } : {});
  if (!stopRequested)
    logger.info({ pid: process.pid }, 'worker running; SIGTERM or SIGINT stops it gracefully');
  return exited;
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
    process.exitCode = 1;
    // A failed start may leave connections retrying; do not hang around.
    setTimeout(() => process.exit(1), 100).unref();
  },
);
