import type { PrismaClient } from '@yg/db';
import { notificationDelivery, searchIndexUpdate } from '@yg/job-contracts';
import { describe, expect } from 'vitest';
import { schedulePost, unschedulePost } from '../src/index';
import { BLOG_PUBLISHING_CRON, blogModule, publishDuePosts, publishNotificationId } from '../src/worker';
import {
  blogRows,
  blogTest as it,
  MINUTE,
  publisherOnly,
  runPublisher,
  TestClock,
  waitingPayloads,
} from './support/blog-test';

let db: PrismaClient;
let rows: ReturnType<typeof blogRows>;

it.beforeAll(async ({ database }) => {
  db = database.db;
  rows = blogRows(db);
});

const T0 = new Date('2030-05-06T10:00:00.000Z');

async function statusOf(id: string) {
  return db.blogPost.findUniqueOrThrow({
    where: { id },
    select: { status: true, publishedAt: true, announcedAt: true },
  });
}

async function notificationsOf(postId: string) {
  return db.notification.findMany({ where: { metadata: { path: ['postId'], equals: postId } } });
}

/** A post of its own author's, due at T0, and a clock that reads T0. */
async function onePostDueAtT0() {
  const author = await rows.author();
  const post = await rows.post({ scheduledFor: T0, authorId: author.id });
  return { clock: new TestClock(T0), author, post };
}

describe('the blog publisher', () => {
  it('is the blog health group, run every minute', () => {
    expect(blogModule.group).toBe('blog');
    expect(BLOG_PUBLISHING_CRON).toBe('* * * * *');
    expect(Object.values(blogModule.schedules ?? {})).toEqual([
      expect.objectContaining({ pattern: '* * * * *', payload: {} }),
    ]);
  });

  it('publishes each due post once, at its run, then queues its search refresh and notifies its author', async ({
    startRuntime,
    client,
  }) => {
    const clock = new TestClock(T0);
    const author = await rows.author();
    const due = await rows.post({ scheduledFor: new Date(T0.getTime() - 30_000), authorId: author.id });
    const onTheDot = await rows.post({ scheduledFor: T0, authorId: author.id });
    // Its time passed while no worker ran.
    const missed = await rows.post({
      scheduledFor: new Date(T0.getTime() - 3 * 24 * 60 * MINUTE),
      authorId: author.id,
    });
    const anonymous = await rows.post({ scheduledFor: T0, authorId: null });
    const later = await rows.post({ scheduledFor: new Date(T0.getTime() + MINUTE), authorId: author.id });
    const draft = await rows.post({ status: 'DRAFT', authorId: author.id });
    const deleted = await rows.post({ scheduledFor: T0, authorId: author.id, deletedAt: T0 });
    await startRuntime([publisherOnly], { db }, { clock });

    const first = await runPublisher(client);

    const published = [due.id, onTheDot.id, missed.id, anonymous.id];
    expect(first).toEqual({ published: 4, announced: 4, notified: 3 });
    for (const id of published) {
      expect(await statusOf(id)).toEqual({ status: 'PUBLISHED', publishedAt: T0, announcedAt: T0 });
    }
    for (const id of [later.id, draft.id, deleted.id]) {
      expect((await statusOf(id)).status).not.toBe('PUBLISHED');
    }
    // One notification per authored post, for its author.
    for (const id of [due.id, onTheDot.id, missed.id]) {
      const [notification, ...more] = await notificationsOf(id);
      expect(more).toEqual([]);
      expect(notification).toMatchObject({
        id: publishNotificationId(id, T0),
        userId: author.id,
        type: 'BLOG_POST_PUBLISHED',
        deliveredAt: null,
      });
    }
    expect(await notificationsOf(anonymous.id)).toEqual([]);
    // Through the search and notification domains' contracts (no worker serves them here).
    const searched = await waitingPayloads<{ entityId: string }>(client, searchIndexUpdate.queue);
    expect(searched.map((p) => p.entityId).sort()).toEqual([...published].sort());
    expect(searched[0]).toMatchObject({ entityType: 'blog_post', operation: 'update' });
    const delivered = await waitingPayloads<{ notificationId: string }>(client, notificationDelivery.queue);
    expect(delivered.map((p) => p.notificationId).sort()).toEqual(
      [due.id, onTheDot.id, missed.id].map((id) => publishNotificationId(id, T0)).sort(),
    );

    // The next minute: the post due then goes out; nothing published before goes out again.
    const T1 = clock.advance(MINUTE);
    const second = await runPublisher(client);

    expect(second).toEqual({ published: 1, announced: 1, notified: 1 });
    expect(await statusOf(later.id)).toEqual({ status: 'PUBLISHED', publishedAt: T1, announcedAt: T1 });
    for (const id of published) expect((await statusOf(id)).publishedAt).toEqual(T0);
    expect(await db.notification.count({ where: { userId: author.id } })).toBe(4);
  });

  it('leaves a post rescheduled later, unscheduled or deleted before its time', async ({
    startRuntime,
    client,
  }) => {
    const clock = new TestClock(T0);
    const author = await rows.author();
    const [moved, unscheduled, deleted] = await Promise.all(
      [1, 2, 3].map(() => rows.post({ status: 'DRAFT', authorId: author.id })),
    );
    for (const post of [moved!, unscheduled!, deleted!]) {
      await schedulePost(post.id, new Date(T0.getTime() + MINUTE), { db, clock });
    }
    await schedulePost(moved!.id, new Date(T0.getTime() + 10 * MINUTE), { db, clock });
    await unschedulePost(unscheduled!.id, { db });
    await db.blogPost.update({ where: { id: deleted!.id }, data: { deletedAt: T0 } });
    await startRuntime([publisherOnly], { db }, { clock });

    clock.advance(2 * MINUTE);
    expect(await runPublisher(client)).toMatchObject({ published: 0 });
    for (const post of [moved!, unscheduled!, deleted!]) {
      expect((await statusOf(post.id)).status).not.toBe('PUBLISHED');
      expect(await notificationsOf(post.id)).toEqual([]);
    }

    // At its new time, the moved post goes out.
    const T10 = clock.advance(8 * MINUTE);
    expect(await runPublisher(client)).toMatchObject({ published: 1 });
    expect(await statusOf(moved!.id)).toEqual({ status: 'PUBLISHED', publishedAt: T10, announcedAt: T10 });
  });

  it('announces, on the next run, a post whose run died between the publish and the queueing', async ({
    startRuntime,
    client,
  }) => {
    const { clock, author, post } = await onePostDueAtT0();
    // What a run that was killed right after its publish statement committed leaves behind.
    expect(await publishDuePosts(db, T0)).toEqual([{ id: post.id, authorId: author.id, publishedAt: T0 }]);
    expect(await statusOf(post.id)).toEqual({ status: 'PUBLISHED', publishedAt: T0, announcedAt: null });
    expect(await waitingPayloads(client, notificationDelivery.queue)).toEqual([]);
    await startRuntime([publisherOnly], { db }, { clock });

    const T1 = clock.advance(MINUTE);
    expect(await runPublisher(client)).toEqual({ published: 0, announced: 1, notified: 1 });
    expect(await statusOf(post.id)).toEqual({ status: 'PUBLISHED', publishedAt: T0, announcedAt: T1 });
    const notificationId = publishNotificationId(post.id, T0);
    expect(await waitingPayloads(client, notificationDelivery.queue)).toEqual([{ notificationId }]);

    // A run killed after queueing but before marking the post announced: the next one queues
    // again, and the pending delivery absorbs it — still one notification, one delivery.
    await db.blogPost.update({ where: { id: post.id }, data: { announcedAt: null } });
    clock.advance(MINUTE);
    expect(await runPublisher(client)).toEqual({ published: 0, announced: 1, notified: 1 });
    expect(await waitingPayloads(client, notificationDelivery.queue)).toEqual([{ notificationId }]);
    expect(await waitingPayloads(client, searchIndexUpdate.queue)).toHaveLength(1);
    expect(await notificationsOf(post.id)).toHaveLength(1);
  });

  it('announces a post published again after being taken back, with a notification of its own', async ({
    startRuntime,
    client,
  }) => {
    const { clock, post } = await onePostDueAtT0();
    await startRuntime([publisherOnly], { db }, { clock });
    await runPublisher(client);
    // Taken back to a draft by the editor, then scheduled again.
    await db.blogPost.update({ where: { id: post.id }, data: { status: 'DRAFT', scheduledFor: null } });
    const T5 = clock.advance(5 * MINUTE);
    await schedulePost(post.id, T5, { db, clock });

    expect(await runPublisher(client)).toEqual({ published: 1, announced: 1, notified: 1 });
    expect((await notificationsOf(post.id)).map((n) => n.id).sort()).toEqual(
      [publishNotificationId(post.id, T0), publishNotificationId(post.id, T5)].sort(),
    );
  });

  it('publishes each of 50 due posts exactly once when two publishers run at the same moment', async ({
    database,
  }) => {
    const author = await rows.author();
    const posts = await Promise.all(
      Array.from({ length: 50 }, () => rows.post({ scheduledFor: T0, authorId: author.id })),
    );
    // Two instances with connections of their own, taking small batches so that they interleave.
    const { createDb } = await import('@yg/db');
    const other = createDb({ url: database.url, poolSize: 2 });
    try {
      const drain = async (client: PrismaClient) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await publishDuePosts(client, T0, 3);
          mine.push(...batch.map((p) => p.id));
          if (batch.length === 0) return mine;
        }
      };
      const [a, b] = await Promise.all([drain(db), drain(other)]);

      expect([...a, ...b].sort()).toEqual(posts.map((p) => p.id).sort());
      expect(a.filter((id) => b.includes(id))).toEqual([]);
      const perPost = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM notifications WHERE user_id = ${author.id} GROUP BY metadata->>'postId'`;
      expect(perPost).toHaveLength(50);
      expect(perPost.every((row) => row.n === 1)).toBe(true);
    } finally {
      await other.$disconnect();
      // Announced, as far as the other tests of this file (one database) are concerned: their
      // runs would otherwise announce these too.
      await db.blogPost.updateMany({
        where: { id: { in: posts.map((p) => p.id) } },
        data: { announcedAt: T0 },
      });
    }
  });
});
