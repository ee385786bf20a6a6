// The blog publisher's "must hold": two real yg-worker processes, 50 posts due in the same
// minute, one process SIGKILLed in the middle of the run — each post published exactly once, its
// author notified once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  blogPublishing,
  emailSend,
  notificationDelivery,
  notificationSweep,
  searchIndexUpdate,
} from '@yg/job-contracts';
import { publishDuePosts } from '@yg/jobs-blog/worker';
import { QueueClient, queueConfig, silentLogger } from '@yg/queue-core';
import { REDIS_URL, until, untilIdle } from '@yg/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, start, testPrefix } from './worker-process';

const POSTS = 50;
let outbox: string;

beforeAll(async () => {
  outbox = await mkdtemp(join(tmpdir(), 'yg-blog-outbox-'));
});
afterAll(async () => {
  await rm(outbox, { recursive: true, force: true });
});

/** An author with `POSTS` posts due a second ago: all in the same minute. */
async function duePosts(): Promise<{ authorId: string; postIds: string[] }> {
  const { db } = database;
  const tag = Math.random().toString(36).slice(2, 10);
  const author = await db.user.create({ data: { email: `author-${tag}@example.test`, name: 'Ada' } });
  const due = new Date(Date.now() - 1000);
  const postIds: string[] = [];
  for (let i = 0; i < POSTS; i += 1) {
    const post = await db.blogPost.create({
      data: {
        slug: `post-${tag}-${i}`,
        title: `Post ${i} of ${tag}`,
        body: 'Text.',
        status: 'SCHEDULED',
        scheduledFor: due,
        authorId: author.id,
      },
    });
    postIds.push(post.id);
  }
  return { authorId: author.id, postIds };
}

/** Two yg-worker processes on one prefix, each telling PostgreSQL its name. */
async function twoWorkers(prefix: string) {
  const env = (name: string) => ({
    BULLMQ_PREFIX: prefix,
    // Names this process's sessions in pg_stat_activity, so the test can tell which one is stuck.
    DATABASE_URL: `${database.url}${database.url.includes('?') ? '&' : '?'}application_name=${name}`,
    WORKER_HTTP_PORT: '0',
    MAIL_OUTBOX_DIR: outbox,
    // A killed process's job is taken over within seconds, not the default 30 — yet a lock long
    // enough that a busy machine (Prisma's first query compiles its engine) cannot lose it.
    WORKER_LOCK_DURATION_MS: '10000',
    WORKER_STALLED_INTERVAL_MS: '2000',
  });
  const workers = { 'blog-a': start(['start'], env('blog-a')), 'blog-b': start(['start'], env('blog-b')) };
  // Generous: two processes loading Prisma at once on a busy machine.
  await Promise.all(
    Object.values(workers).map((run) =>
      until(() => run.output().includes('worker running'), 120_000, `worker running in:\n${run.output()}`),
    ),
  );
  return workers;
}

/**
 * The yg-worker whose session waits on a lock the test holds, once there is one. Asked from a
 * session outside the lock's transaction: inside one, pg_stat_activity stays as first read.
 */
async function stuckWorker(observer: pg.Client, statement: string): Promise<'blog-a' | 'blog-b'> {
  return until(
    async () => {
      const { rows } = await observer.query<{ name: 'blog-a' | 'blog-b' }>(
        `SELECT application_name AS name FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND application_name IN ('blog-a', 'blog-b') AND strpos(query, $1) > 0`,
        [statement],
      );
      return rows[0]?.name;
    },
    120_000,
    'a worker to block on the lock the test holds',
  );
}

/** Waits until every post is published and announced and every notification delivered. */
async function settled(client: QueueClient, authorId: string, postIds: string[]) {
  const { db } = database;
  await until(
    async () => {
      const announced = await db.blogPost.count({
        where: { id: { in: postIds }, status: 'PUBLISHED', announcedAt: { not: null } },
      });
      const delivered = await db.notification.count({
        where: { userId: authorId, deliveredAt: { not: null } },
      });
      return announced === postIds.length && delivered >= postIds.length;
    },
    120_000,
    'every post to be published, announced and its notification delivered',
  );
  await untilIdle(client, [notificationDelivery.queue, emailSend.queue, searchIndexUpdate.queue], {
    timeoutMs: 120_000,
  });
  // Their delayed jobs are the schedules' next runs, not work in flight.
  await untilIdle(client, [blogPublishing.queue, notificationSweep.queue], {
    timeoutMs: 120_000,
    countDelayed: false,
  });
}

/** Each post: its status, its notifications, the emails of those, its search document. */
async function outcome(authorId: string, postIds: string[]) {
  const { db } = database;
  const posts = await db.blogPost.findMany({ where: { id: { in: postIds } }, select: { status: true } });
  const perPost = await db.$queryRaw<{ postId: string; notifications: number; delivered: number }[]>`
    SELECT metadata->>'postId' AS "postId", count(*)::int AS notifications,
           count(delivered_at)::int AS delivered
      FROM notifications WHERE user_id = ${authorId} GROUP BY 1`;
  const emails = await db.emailDelivery.count({ where: { userId: authorId } });
  const documents = await db.searchDocument.count({
    where: { entityType: 'blog_post', entityId: { in: postIds } },
  });
  return {
    published: posts.filter((p) => p.status === 'PUBLISHED').length,
    postsNotified: perPost.length,
    notificationsPerPost: [...new Set(perPost.map((p) => p.notifications))],
    allDelivered: perPost.every((p) => p.delivered === p.notifications),
    emails,
    documents,
  };
}

const expected = {
  published: POSTS,
  postsNotified: POSTS,
  notificationsPerPost: [1],
  allDelivered: true,
  emails: POSTS,
  documents: POSTS,
};

describe('blog publishing with two worker processes, one SIGKILLed mid-run', () => {
  const clients: QueueClient[] = [];
  let lockHolder: pg.Client;
  let observer: pg.Client;
  beforeAll(async () => {
    lockHolder = new pg.Client({ connectionString: database.url });
    observer = new pg.Client({ connectionString: database.url });
    await Promise.all([lockHolder.connect(), observer.connect()]);
  });
  afterAll(async () => {
    await Promise.all([lockHolder.end(), observer.end()]);
    await Promise.all(clients.map((client) => client.close()));
  });

  function clientOn(prefix: string) {
    const client = new QueueClient({
      config: queueConfig({ redisUrl: REDIS_URL, prefix }),
      logger: silentLogger,
    });
    clients.push(client);
    return client;
  }

  /**
   * SIGKILLs the worker whose statement (`statement` in its SQL) waits on the held lock, lets the
   * survivor take the run over, and checks that every post came out once; then stops the survivor.
   */
  async function killStuckAndSettle(
    workers: Awaited<ReturnType<typeof twoWorkers>>,
    statement: string,
    queues: QueueClient,
    authorId: string,
    postIds: string[],
  ) {
    const victim = await stuckWorker(observer, statement);
    workers[victim].child.kill('SIGKILL');
    await workers[victim].exited;
    await lockHolder.query('COMMIT');

    await settled(queues, authorId, postIds);
    expect(await outcome(authorId, postIds)).toEqual(expected);
    const survivor = workers[victim === 'blog-a' ? 'blog-b' : 'blog-a'];
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }

  it('killed while publishing: each of 50 posts is published once, its author notified once', async () => {
    const prefix = testPrefix();
    const { authorId, postIds } = await duePosts();
    // Holds the publish statement at the notifications it writes: the run is then in flight in
    // one process, which the test kills there.
    await lockHolder.query('BEGIN');
    await lockHolder.query('LOCK TABLE notifications IN SHARE MODE');
    const workers = await twoWorkers(prefix);
    const queues = clientOn(prefix);
    // The workers declared the every-minute schedule (registered once, whatever the instances)…
    expect(await queues.queue(blogPublishing).getJobScheduler('publish-scheduled-posts')).toMatchObject({
      pattern: '* * * * *',
    });
    // …and this is the minute's run, without waiting for the wall clock's minute.
    await queues.enqueue(blogPublishing, {});

    // Stuck in the publish statement.
    await killStuckAndSettle(workers, 'WITH due AS', queues, authorId, postIds);
  }, 240_000);

  it('killed after queueing the announcements, before marking them: still one notification each', async () => {
    const prefix = testPrefix();
    const { authorId, postIds } = await duePosts();
    // A run published them (and wrote the notifications) and died before announcing them.
    expect(await publishDuePosts(database.db, new Date())).toHaveLength(POSTS);
    // Holds the announcing run where it marks the posts announced, after it queued their
    // search refreshes and notifications.
    await lockHolder.query('BEGIN');
    await lockHolder.query('SELECT id FROM blog_posts WHERE id = ANY($1) FOR UPDATE', [postIds]);
    const workers = await twoWorkers(prefix);
    const queues = clientOn(prefix);
    await queues.enqueue(blogPublishing, {});

    // Stuck marking the posts announced.
    await killStuckAndSettle(workers, '"announced_at"', queues, authorId, postIds);
  }, 240_000);
});
