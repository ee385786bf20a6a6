import type { Notification, Prisma, PrismaClient } from '@yg/db';
import { ValidationError } from '@yg/job-contracts';
import { z } from 'zod';
import { defaultDb } from './default-db';

export const CreateNotificationInput = z.strictObject({
  userId: z.string().min(1).max(191),
  /** An open set, by convention SCREAMING_SNAKE_CASE: `LICENSE_APPROVED`, `PAYOUT_COMPLETED`, … */
  type: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(500),
  message: z.string().max(10_000),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type CreateNotificationInput = z.input<typeof CreateNotificationInput>;

export interface NotificationService {
  /** Creates the notification (not yet delivered: pass its id to `queueNotificationDelivery`). */
  createNotification(input: CreateNotificationInput): Promise<Notification>;
}

/**
 * A notification service on a Prisma client of the caller's (a web app passes its own), or on a
 * function that returns one when first needed.
 */
export function createNotificationService(db: PrismaClient | (() => PrismaClient)): NotificationService {
  const client = typeof db === 'function' ? db : () => db;
  return {
    async createNotification(input) {
      const parsed = CreateNotificationInput.safeParse(input);
      if (!parsed.success) throw ValidationError.fromZod('notification', parsed.error);
      const data = parsed.data;
      return client().notification.create({
        data: {
          userId: data.userId,
          type: data.type,
          title: data.title,
          message: data.message,
          ...(data.metadata ? { metadata: data.metadata as Prisma.InputJsonObject } : {}),
        },
      });
    },
  };
}

/**
 * The seed's `notificationService`, on `@yg/db`'s default client (`DATABASE_URL`), loaded and made
 * when first used: importing this package loads no database client and connects to nothing.
 */
export const notificationService: NotificationService = {
  async createNotification(input) {
    return createNotificationService(await defaultDb()).createNotification(input);
  },
};

/**
 * Closes nothing, on purpose. The default service borrows `@yg/db`'s default client, the one pool
 * that `searchDocuments` and every other helper without a client of its own share; closing it here
 * broke them. Its owner closes it: `closeDefaultDb()` from `@yg/db`, once, at shutdown.
 *
 * @deprecated Call `closeDefaultDb()` from `@yg/db` at shutdown instead.
 */
export async function closeNotificationService(): Promise<void> {}
