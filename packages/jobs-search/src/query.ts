import type { PrismaClient } from '@yg/db';
import { payloadIssues, SearchEntityType, Text } from '@yg/job-contracts';
import { z } from 'zod';
import { defaultDb } from './default-db';
import { decodeCursor, encodeCursor } from './query-cursor';
import { SearchQueryError } from './query-error';

const SearchQuery = z.strictObject({
  /** Web-search syntax: words, "quoted phrases", `or`, `-excluded`. */
  q: Text(500, { min: 1, trim: true }),
  types: z.array(SearchEntityType).min(1).optional(),
  /** Documents whose facets contain these (`{ status: 'PUBLISHED' }`, `{ tags: ['jazz'] }`). */
  facets: z.record(z.string(), z.json()).superRefine(refuseNul).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: Text(1024, { min: 1 }).optional(),
});

/**
 * jsonb cannot hold a NUL byte (PostgreSQL error 22P05): report each key or string that has one
 * by its path, as a field of the query, instead of letting the database refuse the statement.
 */
function refuseNul(value: unknown, context: z.RefinementCtx, path: (string | number)[] = []): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      context.addIssue({ code: 'custom', path, message: 'must not contain NUL bytes' });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) refuseNul(item, context, [...path, index]);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) {
        context.addIssue({ code: 'custom', path: [...path, key], message: 'must not contain NUL bytes' });
      } else {
        refuseNul(item, context, [...path, key]);
      }
    }
  }
}
export type SearchQuery = z.input<typeof SearchQuery>;

export interface SearchHit {
  entityType: SearchEntityType;
  entityId: string;
  title: string;
  facets: Record<string, unknown>;
  /** `ts_rank`: a title match weighs more than a body match. */
  rank: number;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Pass as `cursor` for the next page; `null` on the last one. */
  nextCursor: string | null;
}

export type QueryDb = Pick<PrismaClient, '$queryRawUnsafe'>;

/**
 * Full-text search over the documents the search jobs keep: ranked (title above body), filtered
 * by entity type and facets, paginated by cursor so that pages neither skip nor repeat hits.
 */
export async function searchDocuments(
  query: SearchQuery,
  { db }: { db?: QueryDb } = {},
): Promise<SearchPage> {
  const parsed = SearchQuery.safeParse(query);
  if (!parsed.success) throw new SearchQueryError(payloadIssues(parsed.error));
  const { q, types, facets, limit, cursor } = parsed.data;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const client = db ?? (await defaultDb());
  const rows = await client.$queryRawUnsafe<(SearchHit & { id: string })[]>(
    `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
          hits AS (
            SELECT d.id, d.entity_type::text AS "entityType", d.entity_id AS "entityId", d.title, d.facets,
                   ts_rank(d.search_vector, q.query)::float8 AS rank
              FROM search_documents d, q
             WHERE d.search_vector @@ q.query
               AND ($2::search_entity_type[] IS NULL OR d.entity_type = ANY($2::search_entity_type[]))
               AND ($3::jsonb IS NULL OR d.facets @> $3::jsonb))
     SELECT * FROM hits
      WHERE $4::float8 IS NULL OR rank < $4::float8 OR (rank = $4::float8 AND id > $5::text)
      ORDER BY rank DESC, id
      LIMIT $6::int`,
    q,
    types ?? null,
    facets === undefined ? null : JSON.stringify(facets),
    after?.rank ?? null,
    after?.id ?? null,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    hits: page.map(({ id: _id, ...hit }) => hit),
    nextCursor: rows.length > limit && last ? encodeCursor({ rank: last.rank, id: last.id }) : null,
  };
}
