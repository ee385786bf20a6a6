import { type Job, Worker } from 'bullmq';
import { QueueJob } from './queue-job';

/**
 * BullMQ's Worker, handing out our jobs: a job whose stored hash cannot be read arrives marked
 * `corrupt` instead of throwing inside BullMQ, where it would stall and return forever.
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors BullMQ's Worker defaults.
export class ContractWorker<
  DataType = any,
  ResultType = any,
  NameType extends string = string,
> extends Worker<DataType, ResultType, NameType> {
  protected override get Job(): typeof Job {
    return QueueJob;
  }
}
