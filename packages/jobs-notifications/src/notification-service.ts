import type { Notification, Prisma, PrismaClient } from '@yg/db';
import { builtSchema, EntityId, lazySchema, Text, ValidationError } from '@yg/job-contracts';
import type { z } from 'zod';
import { defaultDb } from './default-db';

export const CreateNotificationInput = lazySchema((z) =>
  z.strictObject({
    userId: builtSchema(EntityId),
    /** An open set, by convention SCREAMING_SNAKE_CASE: `LICENSE_APPROVED`, `PAYOUT_COMPLETED`, … */
    type: Text(64, { min: 1, trim: true }),
    title: Text(500, { min: 1, trim: true }),
    message: Text(10_000),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
);
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
      const parsed = builtSchema(CreateNotificationInput).safeParse(input);
      if (!parsed.success) throw ValidationError.fromZod('notification', parsed.error);
      const data = parsed.data;
      try {
        return await client().notification.create({
          data: {
            userId: data.userId,
            type: data.type,
            title: data.title,
            message: data.message,
            ...(data.metadata ? { metadata: data.metadata as Prisma.InputJsonObject } : {}),
          },
        });
      } catch (error) {
        if (violatesUserForeignKey(error)) {
          throw new ValidationError('notification', [{ field: 'userId', message: 'no such user' }], {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}

const USER_FOREIGN_KEY = 'notifications_user_id_fkey';

/**
 * Prisma's P2003 (foreign key violated) on the notification's user, and no other constraint. With
 * the pg driver adapter, Prisma 7 names the constraint only in the adapter's error:
 * `meta.driverAdapterError.cause.constraint.index` (checked against a real database).
 */
function violatesUserForeignKey(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { constraint?: { index?: unknown } } } };
  };
  return e?.code === 'P2003' && e.meta?.driverAdapterError?.cause?.constraint?.index === USER_FOREIGN_KEY;
}

/**
 * The default `notificationService`, on `@yg/db`'s default client (`DATABASE_URL`), loaded and
 * made when first used: importing this package loads no database client and connects to nothing.
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
