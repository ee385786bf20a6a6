import { blogPublishing } from '@yg/job-contracts';
import { lazyQueue } from '@yg/queue-core';

/** The publisher's queue: one run a minute. Connects on first use. */
export const blogPublishingQueue = lazyQueue(blogPublishing);
