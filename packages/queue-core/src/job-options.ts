import type { JobContract } from '@yg/job-contracts';
import type { JobsOptions } from 'bullmq';

/**
 * What a caller may set per job through `enqueue`. Deduplication comes from the contract, and
 * there is no `jobId`: BullMQ ignores an `add` whose id still exists in any state (completed and
 * failed included), so a reused id would silently drop the update that follows a finished job.
 */
export type EnqueueOptions = Omit<JobsOptions, 'deduplication' | 'repeat' | 'parent' | 'jobId'>;

/**
 * Contract defaults, then the caller's options, then the contract's deduplication.
 *
 * On a deduplicated contract a caller's `jobId` (a `search-asset-${id}-update` style id,
 * through the raw `Queue.add`) is replaced by the contract's deduplication: it meant "one job per
 * entity", which deduplication gives without the custom id's flaw of ignoring every later add
 * while a finished job with that id is retained.
 */
export function jobOptionsFor(contract: JobContract, payload: unknown, opts: JobsOptions = {}): JobsOptions {
  const options: JobsOptions = { ...contract.defaultJobOptions, ...opts };
  if (contract.deduplication) {
    delete options.jobId;
    options.deduplication = {
      id: contract.deduplication.id(payload as never),
      ...(contract.deduplication.keepLastIfActive ? { keepLastIfActive: true } : {}),
    };
  }
  return options;
}
