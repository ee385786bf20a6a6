import type { PrismaClient } from '@yg/db';
import type { CoreDeps } from '@yg/queue-core';
import type { Mailer } from './mailer/mailer';
import type { SweepSettings } from './sweep/sweep-settings';

/** Where in-app events go: Redis PUBLISH (an ioredis client fits as it is). */
export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}

/** What this package's processors need besides the core deps (logger, clock, queues). */
export interface NotificationsDeps {
  db: PrismaClient;
  mailer: Mailer;
  /**
   * For in-app events. @defaultValue the queue client's Redis connection (the same Redis the
   * web app subscribes on)
   */
  publisher?: Publisher;
  /** Users a digest run reads, claims and queues email for per batch (one statement, one `addBulk`). @defaultValue 1000 */
  digestBatchSize?: number;
  /** The notification sweep's grace periods and batch size. @defaultValue `DEFAULT_SWEEP_SETTINGS` */
  sweep?: Partial<SweepSettings>;
}

export type ProcessorDeps = NotificationsDeps & CoreDeps;
