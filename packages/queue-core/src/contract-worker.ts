import { type Job, Worker } from 'bullmq';
import { QueueJob } from './queue-job';

/**
 * BullMQ's Worker, handing out our jobs: a job whose stored hash cannot be read arrives marked
 * `corrupt` instead of throwing inside BullMQ, where it would stall and return forever.
 */
export class ContractWorker extends Worker {
  protected override get Job(): typeof Job {
    return QueueJob;
  }
}
