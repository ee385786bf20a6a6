import type { PrismaClient } from '@yg/db';
import { notificationDelivery, searchIndexUpdate } from '@yg/job-contracts';
import type { QueueClient } from '@yg/queue-core';
import { publishNotificationId } from './announcement';

/** Posts announced per round: one query to find them, two bulk enqueues, one transaction to mark. */
export const ANNOUNCE_BATCH = 500;

export interface AnnounceResult {
  /** Published posts whose search refresh was queued. */
  posts: number;
  /** Author notifications whose delivery was queued. */
  notifications: number;
}

interface Unannounced {
  id: string;
  publishedAt: Date;
}

/**
 * Queues the search refresh and the author's notification of every PUBLISHED post not yet
 * announced, then marks it announced. The mark comes last: a crash before it means the next run
 * queues them again, which doubles nothing — the search job reads the post's current state and
 * collapses by post, and the delivery collapses by notification id (post + publish time) and
 * delivers a notification only once (it records `deliveredAt`).
 */
export async function announcePublishedPosts(
  db: PrismaClient,
  queues: QueueClient,
  now: Date,
  batch = ANNOUNCE_BATCH,
): Promise<AnnounceResult> {
  const result: AnnounceResult = { posts: 0, notifications: 0 };
  // Keyset by id: a post that cannot be marked (republished meanwhile) is not read again by this run.
  for (let cursor = ''; ; ) {
    const posts = await db.$queryRaw<Unannounced[]>`
      SELECT id, published_at AS "publishedAt" FROM blog_posts
      WHERE status = 'PUBLISHED' AND announced_at IS NULL AND published_at IS NOT NULL AND id > ${cursor}
      ORDER BY id
      LIMIT ${batch}`;
    if (posts.length === 0) break;

    // Only notifications that exist: a post without an author has none, and an author deleted
    // since the publish took theirs along.
    const wanted = posts.map((p) => publishNotificationId(p.id, p.publishedAt));
    const existing = await db.notification.findMany({ where: { id: { in: wanted } }, select: { id: true } });

    await queues.enqueueBulk(
      searchIndexUpdate,
      posts.map((p) => ({ entityType: 'blog_post' as const, entityId: p.id, operation: 'update' as const })),
    );
    if (existing.length > 0) {
      await queues.enqueueBulk(
        notificationDelivery,
        existing.map((n) => ({ notificationId: n.id })),
      );
    }
    // Marked only if still the same publish: one unpublished and published again since is owed
    // its own announcement.
    await db.$transaction(
      posts.map((p) =>
        db.blogPost.updateMany({
          where: { id: p.id, publishedAt: p.publishedAt, announcedAt: null },
          data: { announcedAt: now },
        }),
      ),
    );
    result.posts += posts.length;
    result.notifications += existing.length;
    cursor = posts[posts.length - 1]!.id;
    if (posts.length < batch) break;
  }
  return result;
}
