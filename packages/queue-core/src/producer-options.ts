import { getQueueClient } from './default-client';
import type { QueueClient } from './queue-client';

/** The last argument of every domain producer (`queueSearchIndexUpdate(…, { client })`). */
export interface ProducerOptions {
  /** The client to enqueue with. @defaultValue the process's client, from the environment */
  client?: QueueClient;
}

/** The client a producer enqueues with: the caller's, or the process's. */
export function producerClient(options: ProducerOptions = {}): QueueClient {
  return options.client ?? getQueueClient();
}
