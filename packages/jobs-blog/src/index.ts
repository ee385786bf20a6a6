// The root export: what a web app needs to schedule posts and to run the publisher. Light enough
// for a web request handler: the database client is loaded only when a producer runs without one.

export type { EnqueueResult, ProducerOptions } from '@yg/queue-core';
export {
  type PostScheduleOptions,
  SCHEDULE_PAST_GRACE_MS,
  type ScheduleResult,
  schedulePost,
  type UnscheduleResult,
  unschedulePost,
} from './post-schedule';
export { queueBlogPublishing } from './producers';
export { blogPublishingQueue } from './queues';
