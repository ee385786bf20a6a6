import { EVENT_ID_STRIDE, seededId } from './ids';
import type { ResolvedSeedOptions } from './options';
import { userCount } from './people';
import { choose, seededRandom, timestampLiteral } from './sql-random';
import { REFERRERS, USER_AGENTS } from './vocabulary';

/**
 * Raw events as they arrive, not enriched yet: 70% views, 20% clicks, 8% downloads, 2% license
 * purchases with revenue. Half come from signed-in users; sessions repeat, so unique visitors are
 * fewer than events.
 */
export function insertAnalyticsEvents(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'events');
  const sessions = Math.max(1, Math.ceil(o.events / 4));
  return `
INSERT INTO analytics_events (id, type, ip_asset_id, user_id, session_id, occurred_at, user_agent, referrer,
                              revenue_cents, properties, created_at)
SELECT ${o.seed}::bigint * ${EVENT_ID_STRIDE} + n,
       type::analytics_event_type,
       ${seededId('asset', o.seed, `1 + ${rand('asset', o.assets)}`)},
       CASE WHEN ${rand('signed-in', 2)} = 0 THEN ${seededId('user', o.seed, `1 + ${rand('user', userCount(o))}`)} END,
       'ses_${o.seed}_' || (1 + ${rand('session', sessions)}),
       at,
       ${choose(USER_AGENTS, rand('user-agent', USER_AGENTS.length))},
       NULLIF(${choose(REFERRERS, rand('referrer', REFERRERS.length))}, ''),
       CASE WHEN type = 'LICENSE_PURCHASE' THEN 5000 + ${rand('revenue', 500_000)} END,
       '{"source": "seed"}'::jsonb,
       at
FROM (SELECT n,
             CASE WHEN p < 70 THEN 'VIEW' WHEN p < 90 THEN 'CLICK' WHEN p < 98 THEN 'DOWNLOAD'
                  ELSE 'LICENSE_PURCHASE' END AS type,
             ${timestampLiteral(o.startDate)} + ${rand('at', o.days * 86_400)} * interval '1 second' AS at
        FROM (SELECT n, ${rand('type', 100)} AS p FROM generate_series(1, ${o.events}) AS n OFFSET 0) AS r
        OFFSET 0) AS s
ON CONFLICT DO NOTHING`;
}

/** Explicit ids bypass the sequence: move it past them so that rows inserted later do not collide. */
export function advanceEventIdSequence(): string {
  return `SELECT setval(pg_get_serial_sequence('analytics_events', 'id'),
                        GREATEST((SELECT max(id) FROM analytics_events), 1))`;
}
