import type { PrismaClient } from '@yg/db';
import { describe, expect } from 'vitest';
import { SCHEDULE_PAST_GRACE_MS, schedulePost, unschedulePost, ValidationError } from '../src/index';
import { blogRows, blogTest as it, MINUTE, TestClock } from './support/blog-test';

let db: PrismaClient;
let rows: ReturnType<typeof blogRows>;

it.beforeAll(async ({ database }) => {
  db = database.db;
  rows = blogRows(db);
});

const T0 = new Date('2030-05-06T10:00:00.000Z');
const clock = new TestClock(T0);
const inAnHour = new Date(T0.getTime() + 60 * MINUTE);

/** The field and message a refusal names, or the error itself if it is not a refusal. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.field}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('schedulePost', () => {
  it('schedules a draft, moves a scheduled post, and says which it did', async () => {
    const post = await rows.post({ status: 'DRAFT' });

    expect(await schedulePost(post.id, inAnHour, { db, clock })).toEqual({
      postId: post.id,
      action: 'scheduled',
      scheduledFor: inAnHour,
      previous: null,
    });
    const later = new Date(inAnHour.getTime() + MINUTE);
    expect(await schedulePost(post.id, later.toISOString(), { db, clock })).toEqual({
      postId: post.id,
      action: 'rescheduled',
      scheduledFor: later,
      previous: inAnHour,
    });
    expect(await schedulePost(post.id, later, { db, clock })).toMatchObject({ action: 'unchanged' });
    expect(await db.blogPost.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      status: 'SCHEDULED',
      scheduledFor: later,
    });
  });

  it('takes "now", a moment late, and publishes it on the next run', async () => {
    const post = await rows.post({ status: 'DRAFT' });
    const aMomentAgo = new Date(T0.getTime() - SCHEDULE_PAST_GRACE_MS / 2);
    expect(await schedulePost(post.id, aMomentAgo, { db, clock })).toMatchObject({ action: 'scheduled' });
  });

  it('refuses what it cannot do, naming the field, and changes nothing', async () => {
    const published = await rows.post({ status: 'PUBLISHED' });
    const archived = await rows.post({ status: 'ARCHIVED' });
    const deleted = await rows.post({ status: 'DRAFT', deletedAt: T0 });
    const draft = await rows.post({ status: 'DRAFT' });

    expect(await refusal(schedulePost('no-such-post', inAnHour, { db, clock }))).toEqual([
      'postId: no such blog post',
    ]);
    expect(await refusal(schedulePost('', inAnHour, { db, clock }))).toEqual([
      expect.stringMatching(/^postId: /),
    ]);
    expect(await refusal(schedulePost(published.id, inAnHour, { db, clock }))).toEqual([
      'postId: the blog post is already published',
    ]);
    expect(await refusal(schedulePost(archived.id, inAnHour, { db, clock }))).toEqual([
      'postId: the blog post is archived',
    ]);
    expect(await refusal(schedulePost(deleted.id, inAnHour, { db, clock }))).toEqual([
      'postId: the blog post is deleted',
    ]);
    expect(await refusal(schedulePost(draft.id, 'next tuesday', { db, clock }))).toEqual([
      'at: must be a Date or an ISO 8601 date-time string',
    ]);
    expect(await refusal(schedulePost(draft.id, new Date(T0.getTime() - 2 * MINUTE), { db, clock }))).toEqual(
      [expect.stringMatching(/^at: is in the past/)],
    );

    for (const post of [published, archived, deleted, draft]) {
      const after = await db.blogPost.findUniqueOrThrow({ where: { id: post.id } });
      expect({ status: after.status, scheduledFor: after.scheduledFor }).toEqual({
        status: post.status,
        scheduledFor: null,
      });
    }
  });
});

describe('unschedulePost', () => {
  it('makes a scheduled post a draft again, and leaves a draft as it is', async () => {
    const post = await rows.post({ status: 'DRAFT' });
    await schedulePost(post.id, inAnHour, { db, clock });

    expect(await unschedulePost(post.id, { db })).toEqual({
      postId: post.id,
      action: 'unscheduled',
      previous: inAnHour,
    });
    expect(await db.blogPost.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      status: 'DRAFT',
      scheduledFor: null,
    });
    expect(await unschedulePost(post.id, { db })).toEqual({
      postId: post.id,
      action: 'not-scheduled',
      previous: null,
    });
  });

  it('refuses an unknown or published post, naming postId', async () => {
    const published = await rows.post({ status: 'PUBLISHED' });
    expect(await refusal(unschedulePost('no-such-post', { db }))).toEqual(['postId: no such blog post']);
    expect(await refusal(unschedulePost(published.id, { db }))).toEqual([
      'postId: the blog post is already published',
    ]);
  });
});
