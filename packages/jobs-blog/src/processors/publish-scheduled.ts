import type { blogPublishing } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import { announcePublishedPosts } from '../announce';
import type { BlogDeps } from '../deps';
import { PUBLISH_BATCH, publishDuePosts } from '../publish-due';

export interface PublishResult {
  /** Posts this run flipped to PUBLISHED. */
  published: number;
  /** Published posts (this run's, and any an earlier run left unannounced) whose search refresh was queued. */
  announced: number;
  /** Author notifications whose delivery was queued. */
  notified: number;
}

/**
 * The every-minute run: publishes every post due by the clock's now (those whose time passed
 * while no worker ran included), then announces every published post not yet announced. Each
 * step is safe to repeat, so a retry, a crash or a second instance running at once leaves each
 * post published once, with one notification.
 */
export const publishScheduledPosts: Processor<typeof blogPublishing, BlogDeps, PublishResult> = async (
  job,
  { db, queues, clock },
) => {
  const now = clock.now();
  let published = 0;
  for (;;) {
    const batch = await publishDuePosts(db, now, PUBLISH_BATCH);
    published += batch.length;
    if (batch.length < PUBLISH_BATCH) break;
  }
  if (published > 0) await job.log(`published ${published} scheduled post(s)`);
  const { posts, notifications } = await announcePublishedPosts(db, queues, now);
  return { published, announced: posts, notified: notifications };
};
