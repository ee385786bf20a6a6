import type { SearchEntityType } from '@yg/job-contracts';
import type { QueryPosition } from './query-cursor';

/**
 * How many of the most recently updated documents a page looks through before it asks the text
 * indexes instead. A term that fills a page within them is common, and the walk is the cheap way
 * to its newest matches (an index-only scan of this many entries at worst). A term that does
 * not is rare among recent documents, and its matches are few enough to fetch and sort.
 */
export const SEARCH_WALK = 10_000;

export interface SearchStatementInput {
  q: string;
  types?: SearchEntityType[] | undefined;
  facets?: Record<string, unknown> | undefined;
  /** Rows to return (a page and one more, to know whether a next page exists). */
  rows: number;
  after?: QueryPosition | undefined;
  /** Documents a tier walks before it asks the text indexes; see {@link SEARCH_WALK}. */
  walk?: number;
}

export interface SearchStatement {
  text: string;
  values: unknown[];
}

export interface SearchRow {
  id: string;
  entityType: SearchEntityType;
  entityId: string;
  title: string;
  facets: Record<string, unknown>;
  rank: number;
  tier: 1 | 2;
  /** `source_updated_at` as PostgreSQL prints it: exact, for the cursor. */
  version: string;
}

// $1 query text, $2 entity types, $3 facets, $4 cursor tier, $5 cursor version, $6 cursor id,
// $7 rows, $8 walk size.
const afterCursor = (tier: 1 | 2, alias: string) =>
  tier === 1
    ? `($4::int IS NULL OR ($4 = 1 AND (${alias}.source_updated_at, ${alias}.id) < ($5::timestamp, $6::text)))`
    : `($4::int IS DISTINCT FROM 2 OR (${alias}.source_updated_at, ${alias}.id) < ($5::timestamp, $6::text))`;

const typeFilter = (alias: string) =>
  `($2::search_entity_type[] IS NULL OR ${alias}.entity_type = ANY($2::search_entity_type[]))`;

// Looked up by id for the walk's matches only (a correlated check, not a join, so that nothing
// can reorder the walk).
const walkFacetFilter = `($3::jsonb IS NULL OR (SELECT f.facets @> $3::jsonb FROM search_documents f WHERE f.id = w.id))`;
const facetFilter = `($3::jsonb IS NULL OR d.facets @> $3::jsonb)`;

// Written out wherever it is used, not read from a CTE: the planner then folds it into a constant
// and estimates each condition from the text indexes' statistics (a CTE's value is unknown to it,
// and a rare term's lookup planned as a common one's reads the whole table).
const Q = `websearch_to_tsquery('english', $1::text)`;

/** Tier 1: the title matches the whole query; tier 2: only the whole document does. */
const walkTier = (tier: 1 | 2) => `${tier === 1 ? '' : 'NOT '}(ts_filter(w.search_vector, '{a}') @@ ${Q})`;
const indexTier = (tier: 1 | 2) => `${tier === 1 ? '' : 'NOT '}(to_tsvector('english', d.title) @@ ${Q})`;

/**
 * One tier's next rows (ids and versions), newest first. The walk reads the recency index (which
 * carries each document's type and text vector) in order and stops at a page of matches; the
 * heap is read only to check a match's facets. When the walk ends without a page, the tier's
 * matches come from the text indexes instead and are sorted — a rare term's few. Both branches
 * are in the statement; a one-time filter runs exactly one of them, and a tier that the page
 * does not reach is not run at all.
 */
function tier(tier: 1 | 2): string {
  const walk = `t${tier}walk`;
  return `
  ${walk} AS MATERIALIZED (
    SELECT w.id, w.source_updated_at
      FROM (SELECT r.id, r.source_updated_at, r.entity_type, r.search_vector
              FROM search_documents r
             WHERE ${afterCursor(tier, 'r')}
             ORDER BY r.source_updated_at DESC, r.id DESC
             LIMIT $8::int) w
     WHERE w.search_vector @@ ${Q} AND ${walkTier(tier)} AND ${typeFilter('w')} AND ${walkFacetFilter}
     LIMIT $7::int),
  t${tier} AS (
    SELECT * FROM ${walk} WHERE (SELECT count(*) FROM ${walk}) = $7::int
    UNION ALL
    (SELECT m.id, m.source_updated_at
       FROM (SELECT d.id, d.source_updated_at
               FROM search_documents d
              WHERE d.search_vector @@ ${Q} AND ${indexTier(tier)}
                AND ${afterCursor(tier, 'd')} AND ${typeFilter('d')} AND ${facetFilter}
             -- A fence: the matches are found by the text indexes, then sorted. Without it the
             -- planner may walk the recency index instead, looking at every document for a term
             -- that its statistics take for a common one.
             OFFSET 0) m
      -- Out here, the guard gates the whole branch (workers of a parallel scan included).
      WHERE (SELECT count(*) FROM ${walk}) < $7::int
      ORDER BY m.source_updated_at DESC, m.id DESC
      LIMIT $7::int))`;
}

const output = (tier: 1 | 2) => `
  (SELECT d.id, d.entity_type::text AS "entityType", d.entity_id AS "entityId", d.title, d.facets,
          ts_rank(d.search_vector, ${Q})::float8 AS rank, ${tier} AS tier,
          d.source_updated_at::text AS version
     FROM t${tier} t JOIN search_documents d ON d.id = t.id
    ORDER BY d.source_updated_at DESC, d.id DESC)`;

const TEXT = `
WITH ${tier(1)},
${tier(2)}
${output(1)}
UNION ALL
${output(2)}
LIMIT $7::int`;

/**
 * The one statement behind `searchDocuments`, for tools that run or explain it themselves (the
 * benchmarks run it over plain `pg` as the baseline).
 *
 * The order: documents whose title matches the query first, then those that match elsewhere;
 * within each, the most recently updated first (then by id). Ranking every match by `ts_rank`
 * cost time in proportion to the matches — a common word at a million documents read most of
 * the table for one page — where this order lets an index deliver the first page of any query.
 */
export function searchStatement(input: SearchStatementInput): SearchStatement {
  const { after } = input;
  return {
    text: TEXT,
    values: [
      input.q,
      input.types ?? null,
      input.facets === undefined ? null : JSON.stringify(input.facets),
      after?.tier ?? null,
      after?.version ?? null,
      after?.id ?? null,
      input.rows,
      input.walk ?? SEARCH_WALK,
    ],
  };
}
