import cluster from 'node:cluster';
import type { Logger } from '@yg/queue-core';
import { onStopSignals, type StopSignal, signalExitCode } from './stop-signals';

/**
 * Runs `count` worker processes under this one (`--instances N`). The primary only forwards
 * SIGTERM/SIGINT and replaces an instance that dies on its own; it resolves to 0 once every
 * instance has shut down cleanly after a signal, 1 otherwise. A later signal during the stop
 * (see `SAME_REQUEST_MS`) kills every instance and resolves to that signal's exit code.
 */
export function superviseInstances(count: number, logger: Logger): Promise<number> {
  let stopping = false;
  let forced: StopSignal | undefined;
  let crashLoop = false;
  let uncleanStops = 0;
  let recentDeaths = 0;
  for (let i = 0; i < count; i++) cluster.fork();

  const forward = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  const stop = (signal: StopSignal) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping every instance');
    forward(signal);
  };
  onStopSignals({
    stop,
    force(signal) {
      forced = signal;
      logger.warn({ signal }, `${signal} again during the graceful stop: forced exit of every instance`);
      // Not the signal itself: an instance counts its own time since its first signal, which came
      // a little after ours, and could take this one for a repeat of that first request.
      forward('SIGKILL');
    },
  });

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
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      resolve(forced ? signalExitCode(forced) : crashLoop || uncleanStops > 0 ? 1 : 0);
    });
  });
}
