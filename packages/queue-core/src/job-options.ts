import type { JobContract } from '@yg/job-contracts';
import type { JobsOptions } from 'bullmq';
import { EnqueueError } from './errors/enqueue-error';

/**
 * What a caller may set per job through `enqueue`. Deduplication comes from the contract, and
 * there is no `jobId`: BullMQ ignores an `add` whose id still exists in any state (completed and
 * failed included), so a reused id would silently drop the update that follows a finished job.
 */
export type EnqueueOptions = Omit<JobsOptions, 'deduplication' | 'repeat' | 'parent' | 'jobId'>;

/**
 * Contract defaults, then the caller's options, then the contract's deduplication. A custom
 * `jobId` (possible through the raw `Queue.add`) is refused on deduplicated contracts, for the
 * reason given on {@link EnqueueOptions}.
 */
export function jobOptionsFor(contract: JobContract, payload: unknown, opts: JobsOptions = {}): JobsOptions {
  const options: JobsOptions = { ...contract.defaultJobOptions, ...opts };
  if (contract.deduplication) {
    if (opts.jobId !== undefined) {
      throw new EnqueueError(
        `${contract.queue}/${contract.name} deduplicates by entity; do not pass a jobId (it would drop later updates)`,
      );
    }
    options.deduplication = {
      id: contract.deduplication.id(payload as never),
      ...(contract.deduplication.keepLastIfActive ? { keepLastIfActive: true } : {}),
    };
  }
  return options;
}
