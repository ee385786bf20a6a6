/**
 * The Redis pub/sub channel a user's in-app notifications are published on. A web app
 * subscribes to it (e.g. `redis.subscribe(userNotificationChannel(userId, 'yg'))`) and pushes
 * each event to the user's open sessions (WebSocket, server-sent events).
 *
 * The prefix is `BULLMQ_PREFIX` (default `yg`), so that deployments sharing one Redis stay apart.
 */
export function userNotificationChannel(userId: string, prefix: string): string {
  return `${prefix}:notifications:user:${userId}`;
}

/**
 * What is published on {@link userNotificationChannel}, as JSON. Delivery is at least once: a
 * retried delivery job may publish the same notification again, so clients key on `notification.id`.
 */
export interface NotificationEvent {
  type: 'notification';
  notification: {
    id: string;
    userId: string;
    type: string;
    title: string;
    message: string;
    metadata: unknown;
    /** ISO 8601. */
    createdAt: string;
  };
}
