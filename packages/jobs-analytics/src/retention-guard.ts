import { UnrecoverableError } from '@yg/queue-core';
import type { Period } from './periods';

/**
 * Refuses to recompute a period whose raw events may already be dropped: recomputing it would
 * replace the figures kept for it by those of whatever is left (zeros, mostly).
 */
export function assertRawEventsKept(what: string, period: Period, cutoff: string): void {
  if (period.from < cutoff) {
    throw new UnrecoverableError(
      `${what} from ${period.from}: raw events before ${cutoff} are dropped ` +
        '(ANALYTICS_RAW_RETENTION_MONTHS), so its figures are kept as they are',
    );
  }
}
