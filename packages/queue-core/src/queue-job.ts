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
  /**
   * Set when the job's stored hash could not be read (its data is not JSON: written by hand, by a
   * foreign tool, or damaged): the worker fails such a job at once, naming the problem. Without
   * this, BullMQ's own parse error leaves the job bouncing between active and stalled forever.
   */
  corrupt?: string;

  // biome-ignore lint/suspicious/noExplicitAny: BullMQ's own signature for the raw hash.
  static override fromJSON<T extends Job>(
    this: new (
      ...args: any[]
    ) => T,
    queue: any,
    json: any,
    jobId?: string,
  ): T {
    const read = (Job.fromJSON as (q: unknown, j: unknown, id?: string) => Job).bind(this);
    try {
      return read(queue, json, jobId) as T;
    } catch (error) {
      const job = read(queue, { ...json, data: '{}' }, jobId) as T & { corrupt?: string };
      job.corrupt = `its stored data is not valid JSON (${(error as Error).message})`;
      return job;
    }
  }

  /** The job's log lines (`job.log(…)`), oldest first unless `asc` is false. */
  getLogs(start = 0, end = -1, asc = true): Promise<{ logs: string[]; count: number }> {
    const queue = this.queue as unknown as Queue;
    return queue.getJobLogs(this.id!, start, end, asc);
  }
}
