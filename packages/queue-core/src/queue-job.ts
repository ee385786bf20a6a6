import { Job, type JobProgress, type Queue } from 'bullmq';

/**
 * The jobs our queues hand out: BullMQ's Job plus `getLogs()`, which monitoring code
 * calls on a job from `queue.getJob(id)` (BullMQ itself only has `queue.getJobLogs(id)`).
 */
export class QueueJob<
  // biome-ignore lint/suspicious/noExplicitAny: mirrors BullMQ's Job defaults, so it can stand in for Job.
  DataType = any,
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  ReturnType = any,
  NameType extends string = string,
  ProgressType extends JobProgress = JobProgress,
> extends Job<DataType, ReturnType, NameType, ProgressType> {
  /** The job's log lines (`job.log(…)`), oldest first unless `asc` is false. */
  getLogs(start = 0, end = -1, asc = true): Promise<{ logs: string[]; count: number }> {
    const queue = this.queue as unknown as Queue;
    return queue.getJobLogs(this.id!, start, end, asc);
  }
}
