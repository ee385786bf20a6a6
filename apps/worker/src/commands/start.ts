import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { ConfigError, createLogger, loadQueueConfig } from '@yg/queue-core';
import type { Command } from 'commander';
import { loadWorkerAppConfig } from '../app-config';
import { superviseInstances } from '../instances';
import { onStopSignals, signalExitCode } from '../stop-signals';

interface StartOptions {
  instances: string;
  queues?: string;
  migrate: boolean;
}

/** Resolves with the exit code once the workers stopped (or the supervisor's instances did). */
export type ExitCodeSink = (code: Promise<number>) => void;

export function registerStart(program: Command, exitWith: ExitCodeSink): void {
  program
    .command('start', { isDefault: true })
    .description('run the workers (the default command)')
    .option('--instances <n>', 'run N worker processes', '1')
    .option('--queues <list>', 'only serve these queues or health groups (comma-separated)')
    .option('--migrate', 'create the database if missing and apply pending migrations first', false)
    .action((options: StartOptions) => exitWith(start(options)));
}

async function start(options: StartOptions): Promise<number> {
  const instances = Number(options.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) {
    throw new ConfigError('--instances', 'must be a whole number from 1 to 64');
  }
  const config = loadQueueConfig();
  const appConfig = loadWorkerAppConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, name: 'yg-worker' });
  // Loaded here, not at the top: the operator commands need none of the workers, Prisma or the
  // dashboard, and each of them is a short process an operator waits for. A supervisor of
  // instances needs none of it either.
  if (cluster.isPrimary && options.migrate) {
    const { ensureDatabase, migrate } = await import('@yg/db/migrate');
    // Once, before any instance starts; the applier's advisory lock covers other hosts.
    if (await ensureDatabase()) logger.info('created the database');
    const { applied } = await migrate();
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
  }
  if (instances > 1 && cluster.isPrimary) return superviseInstances(instances, logger);
  const [{ startHttpServer }, { initializeAllWorkers, shutdownAllWorkers }] = await Promise.all([
    import('../http-server'),
    import('../workers'),
  ]);

  const only = options.queues
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
