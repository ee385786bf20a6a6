import { Job, type JobJson, type JobProgress, type Queue } from 'bullmq';

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

  static override fromJSON<T, R, N extends string = string>(
    queue: Parameters<typeof Job.fromJSON>[0],
    json: JobJson,
    jobId?: string,
  ): Job<T, R, N> {
    // `super`, not `Job`: BullMQ's fromJSON does `new this(…)`, and the jobs must be QueueJobs.
    try {
      // biome-ignore lint/complexity/noThisInStatic: see above
      return super.fromJSON<T, R, N>(queue, json, jobId);
    } catch (error) {
      // biome-ignore lint/complexity/noThisInStatic: see above
      const job = super.fromJSON<T, R, N>(queue, { ...json, data: '{}' }, jobId) as QueueJob<T, R, N>;
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
