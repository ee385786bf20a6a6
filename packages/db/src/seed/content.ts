import { seededId } from './ids';
import type { ResolvedSeedOptions } from './options';
import { userCount } from './people';
import { choose, seededRandom, timestampLiteral } from './sql-random';
import { ADJECTIVES, NOTIFICATION_TYPES, NOUNS, TAGS } from './vocabulary';

/**
 * Post n has its status by n mod 10 (6 published, 1 draft, 2 scheduled, 1 archived), so any ten
 * consecutive posts cover every status. Scheduled posts fall due a day apart after the seeded
 * period, so the blog publisher has work to do.
 */
export function insertBlogPosts(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'posts');
  const start = timestampLiteral(o.startDate);
  return `
INSERT INTO blog_posts (id, slug, title, excerpt, body, status, tags, scheduled_for, published_at, author_id,
                        created_at, updated_at)
SELECT ${seededId('post', o.seed, 'n')},
       adjective || '-' || noun || '-${o.seed}-' || n,
       initcap('the ' || adjective || ' ' || noun) || ': notes from the studio',
       'How creators license ' || noun || ' work to brands, and what it pays.',
       'Licensing ' || adjective || ' ' || noun || ' material starts with clear terms. '
         || 'Brands ask for usage across ' || tag || ' campaigns; creators set the fee, the period and the territory. '
         || 'This post walks through a real license from request to payout.',
       status::post_status,
       ARRAY[tag],
       CASE WHEN status = 'SCHEDULED' THEN ${start} + interval '${o.days} days' + n * interval '1 day' END,
       CASE WHEN status IN ('PUBLISHED', 'ARCHIVED') THEN at END,
       ${seededId('user', o.seed, String(userCount(o)))},
       at, at
FROM (SELECT n, ${choose(ADJECTIVES, rand('adjective', ADJECTIVES.length))} AS adjective,
             ${choose(NOUNS, rand('noun', NOUNS.length))} AS noun,
             ${choose(TAGS, rand('tag', TAGS.length))} AS tag,
             (ARRAY['PUBLISHED','PUBLISHED','PUBLISHED','PUBLISHED','PUBLISHED','PUBLISHED',
                    'DRAFT','SCHEDULED','SCHEDULED','ARCHIVED'])[1 + n % 10] AS status,
             ${start} + ${rand('at', o.days * 24)} * interval '1 hour' AS at
        FROM generate_series(1, ${o.posts}) AS n OFFSET 0) AS s
ON CONFLICT DO NOTHING`;
}

/**
 * Notifications follow their user's saved preference: digest users have them waiting for the
 * digest, NEVER users skipped, the others already emailed.
 */
export function insertNotifications(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'notifications');
  const titles = NOTIFICATION_TYPES.map(
    (type) => type.charAt(0) + type.slice(1).toLowerCase().replaceAll('_', ' '),
  );
  return `
INSERT INTO notifications (id, user_id, type, title, message, metadata, read_at, delivered_at, email_status,
                           emailed_at, created_at, updated_at)
SELECT s.id, s.user_id, s.type, s.title,
       s.title || ' (' || s.n || ')',
       jsonb_build_object('seed', ${o.seed}, 'n', s.n),
       CASE WHEN s.read THEN s.at + interval '2 hours' END,
       s.at,
       (CASE pref.email_frequency WHEN 'DAILY' THEN 'DIGEST_PENDING' WHEN 'WEEKLY' THEN 'DIGEST_PENDING'
                                  WHEN 'NEVER' THEN 'SKIPPED' ELSE 'SENT' END)::notification_email_status,
       CASE WHEN pref.email_frequency IS NULL OR pref.email_frequency = 'IMMEDIATE' THEN s.at END,
       s.at, s.at
FROM (SELECT n, ${seededId('notification', o.seed, 'n')} AS id,
             ${seededId('user', o.seed, `1 + ${rand('user', userCount(o))}`)} AS user_id,
             ${choose(NOTIFICATION_TYPES, 'k')} AS type,
             ${choose(titles, 'k')} AS title,
             ${rand('read', 3)} = 0 AS read,
             ${timestampLiteral(o.startDate)} + ${rand('at', o.days * 86_400)} * interval '1 second' AS at
        FROM (SELECT n, ${rand('type', NOTIFICATION_TYPES.length)} AS k
                FROM generate_series(1, ${o.notifications}) AS n OFFSET 0) AS r OFFSET 0) AS s
LEFT JOIN notification_preferences AS pref ON pref.user_id = s.user_id
ON CONFLICT DO NOTHING`;
}
