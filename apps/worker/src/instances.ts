import cluster from 'node:cluster';
import type { Logger } from '@yg/queue-core';

/**
 * Runs `count` worker processes under this one (`--instances N`). The primary only forwards
 * SIGTERM/SIGINT and replaces an instance that dies on its own; it resolves to 0 once every
 * instance has shut down cleanly after a signal, 1 otherwise.
 */
export function superviseInstances(count: number, logger: Logger): Promise<number> {
  let stopping = false;
  let crashLoop = false;
  let uncleanStops = 0;
  let recentDeaths = 0;
  for (let i = 0; i < count; i++) cluster.fork();

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping every instance');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  // Repeated signals (Ctrl-C reaches the whole process group) must not kill the supervisor.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  return new Promise((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (code !== 0) uncleanStops++;
      } else {
        recentDeaths++;
        setTimeout(() => recentDeaths--, 60_000).unref();
        // A crash loop (say, a bad config) must not spin forever.
        if (recentDeaths > count * 3) {
          crashLoop = true;
          logger.error({ code, signal }, 'instances keep dying; giving up');
          stop('SIGTERM');
        } else {
          logger.error({ pid: worker.process.pid, code, signal }, 'instance died; starting another');
          setTimeout(() => {
            if (!stopping) cluster.fork();
          }, 500 * recentDeaths);
          return;
        }
      }
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve(crashLoop || uncleanStops > 0 ? 1 : 0);
    });
  });
}
