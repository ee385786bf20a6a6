import type { PrismaClient } from '@yg/db';
import { EntityId, ValidationError } from '@yg/job-contracts';
import type { Clock } from '@yg/queue-core';
import { defaultDb } from './default-db';

/**
 * How far in the past `at` may be: a form submitted "for now" reaches the server a moment later.
 * Such a post is published by the next run; anything older is refused as a likely mistake (a
 * wrong time zone, a stale form).
 */
export const SCHEDULE_PAST_GRACE_MS = 60_000;

export interface PostScheduleOptions {
  /** The web app's Prisma client; without it, `@yg/db`'s default client (`DATABASE_URL`), loaded on first use. */
  db?: PrismaClient;
  /** What "now" is (tests pass their own). @defaultValue the system clock */
  clock?: Clock;
}

export interface ScheduleResult {
  postId: string;
  /** `scheduled`: was a draft; `rescheduled`: its time moved; `unchanged`: it was already scheduled for `at`. */
  action: 'scheduled' | 'rescheduled' | 'unchanged';
  scheduledFor: Date;
  /** The time it was scheduled for before, if it was. */
  previous: Date | null;
}

export interface UnscheduleResult {
  postId: string;
  /** `unscheduled`: back to a draft; `not-scheduled`: it was a draft already (nothing changed). */
  action: 'unscheduled' | 'not-scheduled';
  /** The time it had been scheduled for. */
  previous: Date | null;
}

const SUBJECT = 'blog post schedule';

function refuse(field: string, message: string): ValidationError {
  return new ValidationError(SUBJECT, [{ field, message }]);
}

function checkPostId(postId: unknown): string {
  const parsed = EntityId.safeParse(postId);
  if (!parsed.success) throw refuse('postId', parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

function checkAt(at: unknown, now: Date): Date {
  const date = at instanceof Date ? new Date(at.getTime()) : typeof at === 'string' ? new Date(at) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw refuse('at', 'must be a Date or an ISO 8601 date-time string');
  }
  if (date.getTime() < now.getTime() - SCHEDULE_PAST_GRACE_MS) {
    throw refuse('at', `is in the past (${date.toISOString()}, now ${now.toISOString()})`);
  }
  return date;
}

type PostState = { status: string; scheduledFor: Date | null; deletedAt: Date | null } | null;

/** Why a post cannot be (un)scheduled, or undefined when it can. */
function refusal(post: PostState): ValidationError | undefined {
  if (post === null) return refuse('postId', 'no such blog post');
  if (post.deletedAt !== null) return refuse('postId', 'the blog post is deleted');
  if (post.status === 'PUBLISHED') return refuse('postId', 'the blog post is already published');
  if (post.status === 'ARCHIVED') return refuse('postId', 'the blog post is archived');
  return undefined;
}

async function readPost(db: PrismaClient, id: string): Promise<PostState> {
  return db.blogPost.findUnique({
    where: { id },
    select: { status: true, scheduledFor: true, deletedAt: true },
  });
}

/**
 * Schedules a draft, or moves a scheduled post to another time: the publisher publishes it in the
 * first run at or after `at`. Refused with a `ValidationError` naming the field: an unknown,
 * deleted, published or archived post (`postId`); a time that is not a date, or is in the past by
 * more than a minute (`at`).
 *
 * Safe against the publisher: the update only applies while the post is still a draft or
 * scheduled, so a post the publisher took a moment before is reported as already published, and a
 * post moved later in time is not published at its old time.
 */
export async function schedulePost(
  postId: string,
  at: Date | string,
  options: PostScheduleOptions = {},
): Promise<ScheduleResult> {
  const now = options.clock ? options.clock.now() : new Date();
  const id = checkPostId(postId);
  const scheduledFor = checkAt(at, now);
  const db = options.db ?? (await defaultDb());

  const before = await readPost(db, id);
  const refused = refusal(before);
  if (refused) throw refused;
  const { count } = await db.blogPost.updateMany({
    where: { id, status: { in: ['DRAFT', 'SCHEDULED'] }, deletedAt: null },
    data: { status: 'SCHEDULED', scheduledFor },
  });
  // Published, archived or deleted between the read and the update: say which.
  if (count === 0)
    throw refusal(await readPost(db, id)) ?? refuse('postId', 'the blog post changed; try again');

  const previous = before!.status === 'SCHEDULED' ? before!.scheduledFor : null;
  const action =
    previous === null
      ? 'scheduled'
      : previous.getTime() === scheduledFor.getTime()
        ? 'unchanged'
        : 'rescheduled';
  return { postId: id, action, scheduledFor, previous };
}

/**
 * Takes a scheduled post off the schedule: it becomes a draft again and is not published. A draft
 * is left as it is (`not-scheduled`). Refused with a `ValidationError` naming `postId` for an
 * unknown, deleted, published or archived post — a post the publisher took a moment before is
 * reported as already published.
 */
export async function unschedulePost(
  postId: string,
  options: PostScheduleOptions = {},
): Promise<UnscheduleResult> {
  const id = checkPostId(postId);
  const db = options.db ?? (await defaultDb());

  const before = await readPost(db, id);
  const refused = refusal(before);
  if (refused) throw refused;
  if (before!.status === 'DRAFT') return { postId: id, action: 'not-scheduled', previous: null };
  const { count } = await db.blogPost.updateMany({
    where: { id, status: 'SCHEDULED', deletedAt: null },
    data: { status: 'DRAFT', scheduledFor: null },
  });
  if (count === 0) {
    const after = await readPost(db, id);
    if (after?.status === 'DRAFT' && after.deletedAt === null) {
      return { postId: id, action: 'not-scheduled', previous: null };
    }
    throw refusal(after) ?? refuse('postId', 'the blog post changed; try again');
  }
  return { postId: id, action: 'unscheduled', previous: before!.scheduledFor };
}
