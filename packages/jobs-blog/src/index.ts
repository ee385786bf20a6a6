// The root export: what a web app needs to schedule posts and to run the publisher. Light enough
// for a web request handler: the database client is loaded only when a producer runs without one.

// The error both producers throw for a refusal (its `issues` name the field), so that a web app can
// tell it from an outage without importing the contracts package.
export { ValidationError } from '@yg/job-contracts';
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
