import type { Prisma } from '@yg/db';
import type { SearchEntityType } from '@yg/job-contracts';

/**
 * How one entity type becomes search documents: a SELECT over its table (aliased `e`) and the
 * tables its text comes from, yielding for each entity
 *
 * - `entity_id`, `title`, `body` (plain text, weighted B), `facets` (jsonb to filter on);
 * - `version`: the newest `updated_at` among the rows the document is built from, so that a
 *   document built from older data never overwrites one built from newer;
 * - `visible`: whether the entity belongs in search at all (not deleted, public). A document
 *   whose entity is not visible is removed.
 *
 * The writer appends the WHERE clause (ids or a keyset range over `e.id`) and locks the `e` rows
 * FOR SHARE, so every document is built from the latest committed version of its entity.
 */
export interface DocumentSource {
  readonly entityType: SearchEntityType;
  /** The entity's table, for counting. */
  readonly table: string;
  readonly select: Prisma.Sql;
}
