import type { z } from 'zod';
import { defineContract } from '../contract';
import { lazySchema } from '../lazy-schema';

export const BlogPublishingPayload = lazySchema((z) => z.strictObject({}));
export type BlogPublishingPayload = z.infer<typeof BlogPublishingPayload>;

/** Publish every post scheduled for now or earlier (each exactly once). */
export const blogPublishing = defineContract({
  queue: 'blog-publishing',
  name: 'publish-scheduled',
  schema: BlogPublishingPayload,
  defaultJobOptions: {
    attempts: 2,
    // Runs every minute: keep fewer finished runs.
    removeOnComplete: { age: 3600, count: 100 },
  },
  deduplication: { id: () => 'publish-scheduled', keepLastIfActive: false },
});
