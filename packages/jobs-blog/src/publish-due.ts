import type { PrismaClient } from '@yg/db';
import {
  POST_PUBLISHED_NOTIFICATION,
  PUBLISH_NOTIFICATION_ID_PREFIX,
  publishNotificationIdSuffix,
} from './announcement';

export interface PublishedPost {
  id: string;
  authorId: string | null;
  publishedAt: Date;
}

/** Posts flipped per statement: a backlog of any size goes out in bounded batches. */
export const PUBLISH_BATCH = 500;

/**
 * One batch of due posts goes SCHEDULED → PUBLISHED, with their authors' notifications, in one
 * statement: both happen or neither does, whatever kills the process.
 *
 * Exactly once: the row is only updated while it is still SCHEDULED, due and not deleted, so of
 * two runs (two instances, or a run overlapping the next minute's) only one flips a given post,
 * and a post rescheduled, unscheduled or deleted a moment before is left alone (PostgreSQL
 * re-checks the condition on the row it locked). `SKIP LOCKED` lets a second run take the posts
 * the first has not reached instead of waiting on them.
 *
 * The notification row is written here, not when the delivery is queued, so that it exists
 * exactly once per publish; queueing its delivery can then be repeated freely (see `announce`).
 */
export async function publishDuePosts(
  db: PrismaClient,
  now: Date,
  limit = PUBLISH_BATCH,
): Promise<PublishedPost[]> {
  // `publishNotificationId(id, now)`, built in SQL for every post of the batch.
  const idSuffix = publishNotificationIdSuffix(now);
  return db.$queryRaw<PublishedPost[]>`
    WITH due AS (
      SELECT id FROM blog_posts
      WHERE status = 'SCHEDULED' AND scheduled_for <= ${now} AND deleted_at IS NULL
      ORDER BY scheduled_for, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), published AS (
      UPDATE blog_posts AS p
      SET status = 'PUBLISHED', published_at = ${now}, announced_at = NULL, updated_at = ${now}
      FROM due
      WHERE p.id = due.id
        AND p.status = 'SCHEDULED' AND p.scheduled_for <= ${now} AND p.deleted_at IS NULL
      RETURNING p.id, p.slug, p.title, p.author_id, p.published_at
    ), notified AS (
      INSERT INTO notifications (id, user_id, type, title, message, metadata, created_at, updated_at)
      SELECT ${PUBLISH_NOTIFICATION_ID_PREFIX} || id || ${idSuffix}, author_id, ${POST_PUBLISHED_NOTIFICATION},
             'Your post is published',
             '"' || left(title, 300) || '" is now live.',
             jsonb_build_object('postId', id, 'slug', slug, 'publishedAt', ${now.toISOString()}::text),
             ${now}, ${now}
      FROM published
      WHERE author_id IS NOT NULL
      ON CONFLICT (id) DO NOTHING
    )
    SELECT id, author_id AS "authorId", published_at AS "publishedAt" FROM published
    ORDER BY id`;
}
