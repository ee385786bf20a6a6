import type { PrismaClient } from '@yg/db';
import { blogPublishing } from '@yg/job-contracts';
import type { Clock, QueueClient } from '@yg/queue-core';
import { until } from '@yg/testing';
import { worldTest } from '@yg/testing/world';
import { queueBlogPublishing } from '../../src/index';
import { blogModule, type PublishResult } from '../../src/worker';

export { until } from '@yg/testing';

/** The test world (prefix, client, database, runtimes) with nothing running. */
export const blogTest = worldTest;

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }
}

export const MINUTE = 60_000;

let serial = 0;

/** Rows of the test's own: an author and posts in any state. */
export function blogRows(db: PrismaClient) {
  return {
    async author(name = 'Ada') {
      serial += 1;
      return db.user.create({ data: { email: `author-${serial}-${Date.now()}@example.test`, name } });
    },
    async post(data: {
      status?: 'DRAFT' | 'SCHEDULED' | 'PUBLISHED' | 'ARCHIVED';
      scheduledFor?: Date | null;
      authorId?: string | null;
      deletedAt?: Date | null;
      title?: string;
    }) {
      serial += 1;
      const title = data.title ?? `Post ${serial}`;
      return db.blogPost.create({
        data: {
          slug: `post-${serial}-${Date.now()}`,
          title,
          body: `The body of ${title}.`,
          status: data.status ?? 'SCHEDULED',
          scheduledFor: data.scheduledFor ?? null,
          authorId: data.authorId ?? null,
          deletedAt: data.deletedAt ?? null,
        },
      });
    },
  };
}

/** Queues a publisher run and waits for its outcome. */
export async function runPublisher(client: QueueClient): Promise<PublishResult> {
  const { jobId } = await queueBlogPublishing({ client });
  const queue = client.queue(blogPublishing);
  const job = await until(
    async () => {
      // Read once: a job object fetched before it finished keeps the old fields.
      const found = await queue.getJob(jobId);
      if (found?.failedReason) throw new Error(`publisher run failed: ${found.failedReason}`);
      return found?.finishedOn ? found : undefined;
    },
    60_000,
    'the publisher run to complete',
  );
  return job.returnvalue as PublishResult;
}

/** The payloads waiting in a queue that no worker serves in these tests. */
export async function waitingPayloads<T>(client: QueueClient, queue: string): Promise<T[]> {
  const jobs = await client.queue(queue).getJobs(['waiting', 'prioritized', 'delayed']);
  return jobs.map((job) => job.data as T);
}

/**
 * The blog module without its every-minute schedule: the wall clock's minute would run the
 * publisher at moments the test does not choose. Tests run it with `runPublisher`.
 */
export const publisherOnly = { group: blogModule.group, processors: blogModule.processors };
