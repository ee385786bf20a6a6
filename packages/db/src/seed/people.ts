import { seededId } from './ids';
import type { ResolvedSeedOptions } from './options';
import { choose, seededRandom, timestampLiteral } from './sql-random';
import { FIRST_NAMES, LAST_NAMES, NOTIFICATION_TYPES, SPECIALTIES } from './vocabulary';

// Users are numbered 1..creators (creators), then the brands, then one admin: so creator k's user
// is user k, and brand j's user is user creators + j.

export function userCount(o: ResolvedSeedOptions): number {
  return o.creators + o.brands + 1;
}

/** The user number of brand `index` (a 0-based SQL expression). */
export function brandUserNumber(o: ResolvedSeedOptions, index: string): string {
  return `(${o.creators} + 1 + ${index})`;
}

export function insertUsers(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'users');
  return `
INSERT INTO users (id, email, name, role, created_at, updated_at)
SELECT ${seededId('user', o.seed, 'n')},
       'user' || n || '.seed${o.seed}@example.com',
       ${choose(FIRST_NAMES, rand('first', FIRST_NAMES.length))} || ' ' || ${choose(LAST_NAMES, rand('last', LAST_NAMES.length))},
       (CASE WHEN n <= ${o.creators} THEN 'CREATOR' WHEN n <= ${o.creators + o.brands} THEN 'BRAND' ELSE 'ADMIN' END)::user_role,
       at, at
FROM (SELECT n, ${timestampLiteral(o.startDate)} + ${rand('at', o.days * 86_400)} * interval '1 second' AS at
        FROM generate_series(1, ${userCount(o)}) AS n OFFSET 0) AS s
ON CONFLICT DO NOTHING`;
}

/**
 * Every other user saves preferences, taking the frequencies in turn (so any 8 users cover them
 * all); the others get email immediately.
 */
export function insertNotificationPreferences(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'preferences');
  const frequencies = ['IMMEDIATE', 'DAILY', 'WEEKLY', 'NEVER'];
  return `
INSERT INTO notification_preferences (id, user_id, email_frequency, muted_types, created_at, updated_at)
SELECT ${seededId('preference', o.seed, 'n')},
       ${seededId('user', o.seed, 'n')},
       (${choose(frequencies, `(n / 2) % ${frequencies.length}`)})::email_frequency,
       CASE WHEN ${rand('muted', 4)} = 0 THEN ARRAY[${choose(NOTIFICATION_TYPES, rand('muted-type', NOTIFICATION_TYPES.length))}]
            ELSE '{}'::text[] END,
       ${timestampLiteral(o.startDate)}, ${timestampLiteral(o.startDate)}
FROM generate_series(1, ${userCount(o)}) AS n
WHERE n % 2 = 0
ON CONFLICT DO NOTHING`;
}

export function insertCreators(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'creators');
  const specialty = (index: string) => choose(SPECIALTIES, index);
  return `
INSERT INTO creators (id, user_id, stage_name, bio, specialties, created_at, updated_at)
SELECT ${seededId('creator', o.seed, 'n')},
       ${seededId('user', o.seed, 'n')},
       ${choose(FIRST_NAMES, rand('first', FIRST_NAMES.length))} || ' ' || ${choose(LAST_NAMES, rand('last', LAST_NAMES.length))} || ' Studio',
       'Independent creator working in ' || ${specialty('a')} || ' and ' || ${specialty('b')} || '.',
       ARRAY[${specialty('a')}, ${specialty('b')}],
       ${timestampLiteral(o.startDate)}, ${timestampLiteral(o.startDate)}
FROM (SELECT n, a, (a + 1 + ${rand('second', SPECIALTIES.length - 1)}) % ${SPECIALTIES.length} AS b
        FROM (SELECT n, ${rand('first', SPECIALTIES.length)} AS a
                FROM generate_series(1, ${o.creators}) AS n OFFSET 0) AS g OFFSET 0) AS s
ON CONFLICT DO NOTHING`;
}
