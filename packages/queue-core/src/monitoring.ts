import type { Queue } from 'bullmq';

/** The four counts a dashboard reads: waiting, active, completed, failed. */
export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
}

export async function getQueueCounts(queue: Queue): Promise<QueueCounts> {
  const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed');
  return {
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
  };
}
