import { blogPublishing } from '@yg/job-contracts';
import { defineJobModule } from '@yg/queue-core';
import type { BlogDeps } from './deps';
import { publishScheduledPosts } from './processors/publish-scheduled';

/** Every minute, as the quick reference's Scheduled Jobs Summary says. */
export const BLOG_PUBLISHING_CRON = '* * * * *';

/** The blog group: one queue, one run a minute. */
export const blogModule = defineJobModule<BlogDeps>()({
  group: 'blog',
  // The name operators grep the logs for.
  label: 'BlogPublishing',
  processors: {
    // One run at a time per process: a second would only find the posts the first is taking.
    publish: { contract: blogPublishing, process: publishScheduledPosts, serial: true },
  },
  schedules: {
    'publish-scheduled-posts': { contract: blogPublishing, pattern: BLOG_PUBLISHING_CRON, payload: {} },
  },
});
