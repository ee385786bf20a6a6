/** The notification type an author receives when a scheduled post of theirs goes live. */
export const POST_PUBLISHED_NOTIFICATION = 'BLOG_POST_PUBLISHED';

/**
 * The id of the notification for one publish of a post: made of the post's id and the moment it
 * was published, so that announcing the same publish twice finds the same notification (and its
 * delivery job collapses by that id), while a post unpublished and published again is announced
 * again.
 */
export function publishNotificationId(postId: string, publishedAt: Date): string {
  return `${PUBLISH_NOTIFICATION_ID_PREFIX}${postId}${publishNotificationIdSuffix(publishedAt)}`;
}

/** What precedes the post id in {@link publishNotificationId}. */
export const PUBLISH_NOTIFICATION_ID_PREFIX = 'blog-published:';

/** What follows the post id in {@link publishNotificationId}: the same for a whole batch, published at one moment. */
export function publishNotificationIdSuffix(publishedAt: Date): string {
  return `:${publishedAt.getTime()}`;
}
