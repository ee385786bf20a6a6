import { blogPublishing } from '@yg/job-contracts';
import { type EnqueueResult, type ProducerOptions, producerClient } from '@yg/queue-core';

/**
 * Runs the publisher now instead of at the next minute (after a bulk import of scheduled posts,
 * or from an operator's script). A run already waiting absorbs this one.
 */
export function queueBlogPublishing(options?: ProducerOptions): Promise<EnqueueResult> {
  return producerClient(options).enqueue(blogPublishing, {});
}
