import { constants } from 'node:os';

export type StopSignal = 'SIGTERM' | 'SIGINT';

/**
 * How long after the first stop signal another one still counts as the same request. Node cannot
 * tell who sent a signal, and one request arrives several times: Ctrl-C signals the terminal's
 * whole process group, so pnpm, the `--instances` supervisor and every instance each get SIGINT,
 * and pnpm and the supervisor forward theirs as well — all within milliseconds. A person pressing
 * Ctrl-C again, or a supervisor escalating after its grace period, takes far longer than a second.
 * Counting by time keeps forwarding simple everywhere (nobody has to guess whether the group
 * already got the signal) and holds whatever sits between the terminal and the worker.
 */
export const SAME_REQUEST_MS = 1000;

/**
 * Calls `stop` on the first SIGTERM or SIGINT, ignores repeats of that same request, and calls
 * `force` on a signal that arrives later during the graceful stop.
 */
export function onStopSignals(handlers: {
  stop(signal: StopSignal): void;
  force(signal: StopSignal): void;
}): void {
  let first: number | undefined;
  const receive = (signal: StopSignal) => {
    const now = Date.now();
    if (first === undefined) {
      first = now;
      handlers.stop(signal);
    } else if (now - first > SAME_REQUEST_MS) {
      handlers.force(signal);
    }
  };
  process.on('SIGTERM', () => receive('SIGTERM'));
  process.on('SIGINT', () => receive('SIGINT'));
}

/** The shell's code for a process ended by `signal`: 143 for SIGTERM, 130 for SIGINT. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}
