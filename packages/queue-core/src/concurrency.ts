import type { QueueConfig } from './config';

/**
 * How many jobs of `queue` a worker runs at once. The operator's knobs win over the code's
 * default — `WORKER_CONCURRENCY_<QUEUE>` for one queue, then `WORKER_CONCURRENCY` for all —
 * except on a serial queue: a full reindex or a digest fan-out run twice at once would do the
 * same work twice and race itself.
 */
export function workerConcurrency(
  config: Pick<QueueConfig, 'workerConcurrency' | 'queueConcurrency'>,
  queue: string,
  declared: { concurrency?: number | undefined; serial?: boolean | undefined },
): number {
  if (declared.serial) return 1;
  return config.queueConcurrency[queue] ?? config.workerConcurrency ?? declared.concurrency ?? 1;
}

/** `WORKER_CONCURRENCY_SEARCH_INDEX_REALTIME` → `search-index-realtime`. */
export function queueOfConcurrencyVariable(variable: string): string | undefined {
  const match = /^WORKER_CONCURRENCY_([A-Z0-9_]+)$/.exec(variable);
  return match ? match[1]!.toLowerCase().replaceAll('_', '-') : undefined;
}
