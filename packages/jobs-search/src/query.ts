import type { PrismaClient } from '@yg/db';
import type { SearchEntityType } from '@yg/job-contracts';
import { loadDb } from './db-module';
import { decodeCursor, encodeCursor } from './query-cursor';
import { checkQuery, type SearchQuery } from './query-input';
import { type SearchRow, type SearchStatement, searchStatement } from './query-statement';

export type { SearchQuery };

export interface SearchHit {
  entityType: SearchEntityType;
  entityId: string;
  title: string;
  facets: Record<string, unknown>;
  /** True when the title matches the whole query (such hits come first). */
  titleMatch: boolean;
  /** `ts_rank` of the hit (a title match weighs more than a body match), for display; not the order. */
  rank: number;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Pass as `cursor` for the next page; `null` on the last one. */
  nextCursor: string | null;
}

export type QueryDb = Pick<PrismaClient, '$queryRawUnsafe'>;

/**
 * Full-text search over the documents the search jobs keep, filtered by entity type and facets.
 * Hits whose title matches the query come first, then those that match elsewhere; within each,
 * the most recently updated first. Paginated by cursor so that pages neither skip nor repeat hits.
 * A page costs about the same at any catalog size and for any word, however many documents it
 * matches (see `searchStatement`).
 */
export async function searchDocuments(
  query: SearchQuery,
  { db }: { db?: QueryDb } = {},
): Promise<SearchPage> {
  const { text, values, limit } = prepareSearch(query);
  const dbModule = loadDb();
  const { defaultDb, statementPool } = dbModule instanceof Promise ? await dbModule : dbModule;
  const client = db ?? defaultDb();
  // A client from `createDb` (the default one, the worker's) runs it on its pool directly: the
  // statement is SQL already, and Prisma's engine would add more time than it takes.
  const pool = statementPool(client);
  const rows = pool
    ? (await pool.query<SearchRow>(text, values)).rows
    : await client.$queryRawUnsafe<SearchRow[]>(text, ...values);
  return searchPage(rows, limit);
}

/**
 * Checks a query and builds the statement `searchDocuments` runs for it. Throws
 * `SearchQueryError`.
 */
function prepareSearch(query: SearchQuery): SearchStatement & { limit: number } {
  const { q, types, facets, limit, cursor } = checkQuery(query);
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  return { ...searchStatement({ q, types, facets, rows: limit + 1, after }), limit };
}

/** The page of `limit` hits in `rows` (which hold one more when a next page exists). */
function searchPage(rows: readonly SearchRow[], limit: number): SearchPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    hits: page.map((row) => ({
      entityType: row.entityType,
      entityId: row.entityId,
      title: row.title,
      facets: row.facets,
      titleMatch: row.tier === 1,
      rank: row.rank,
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ tier: last.tier, version: last.version, id: last.id })
        : null,
  };
}
