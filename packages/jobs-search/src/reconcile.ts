import { Prisma, type PrismaClient, queryRows, uniqueViolation } from '@yg/db';
import type { SearchEntityType } from '@yg/job-contracts';
import { type DocumentSource, documentSources } from './documents/index';

export interface ReconcileResult {
  /** Entities read. */
  seen: number;
  /** Of those, the ones that belong in search. */
  visible: number;
  /** Documents inserted or changed. */
  indexed: number;
  /** Documents removed: entity missing, deleted or not public. */
  removed: number;
  /** The greatest entity id read (the keyset cursor), `null` when none. */
  last: string | null;
}

export type SearchDb = Pick<PrismaClient, '$queryRaw'>;

/**
 * Brings the documents of `ids` in line with their entities' current state, in one statement:
 * visible entities are upserted, the documents of missing, deleted or hidden ones removed.
 */
export function reconcileEntities(
  db: SearchDb,
  entityType: SearchEntityType,
  ids: readonly string[],
): Promise<ReconcileResult> {
  return run(db, reconcileEntitiesStatement(entityType, ids));
}

/** The one statement of {@link reconcileEntities}, for tools that run or explain it themselves. */
export function reconcileEntitiesStatement(entityType: SearchEntityType, ids: readonly string[]): Prisma.Sql {
  const idArray = Prisma.sql`${[...ids]}::text[]`;
  return reconcileStatement(
    documentSources[entityType],
    Prisma.sql`WHERE e.id = ANY(${idArray})`,
    Prisma.sql`d.entity_id = ANY(${idArray})`,
  );
}

/**
 * The next keyset batch of a full reindex: the `limit` entities after `after` (by id), and every
 * document in the same id range, so a document whose entity no longer exists is removed as the
 * walk passes it. The last batch (fewer than `limit` entities) also removes every document past
 * its last entity.
 */
export function reconcileRange(
  db: SearchDb,
  entityType: SearchEntityType,
  after: string,
  limit: number,
): Promise<ReconcileResult> {
  return run(db, reconcileRangeStatement(entityType, after, limit));
}

/** The one statement of {@link reconcileRange}, for tools that run or explain it themselves. */
export function reconcileRangeStatement(
  entityType: SearchEntityType,
  after: string,
  limit: number,
): Prisma.Sql {
  return reconcileStatement(
    documentSources[entityType],
    Prisma.sql`WHERE e.id > ${after} ORDER BY e.id LIMIT ${limit}`,
    // Two plain range bounds, so each is an index range scan of the batch's own documents. Written
    // as one scope with the tail in an OR, the planner could not bound the scan and read every
    // document after `after`: each batch cost more than the one before, the walk was quadratic.
    Prisma.sql`d.entity_id > ${after} AND d.entity_id <= (SELECT max(entity_id) FROM src)`,
    // The tail: only for the last batch, whose test needs no document (a one-time filter).
    Prisma.sql`(SELECT count(*) FROM src) < ${limit}
      AND d.entity_id > coalesce((SELECT max(entity_id) FROM src), ${after})`,
  );
}

/** Runs of a statement that met another writer's first insert of the same document. */
const DUPLICATE_RUNS = 3;

async function run(db: SearchDb, statement: Prisma.Sql): Promise<ReconcileResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      // On the pool under the client when it has one (see `queryRows`): a reindex runs thousands of
      // these, and Prisma's engine would add its time to each. A transaction's client has none.
      const [row] = await queryRows<ReconcileResult>(db, statement);
      return row ?? { seen: 0, visible: 0, indexed: 0, removed: 0, last: null };
    } catch (error) {
      // ON CONFLICT settles a race only on its arbiter, (entity_type, entity_id). The primary key,
      // built from the same pair, is checked first: two statements inserting the same new document
      // at once (a realtime job beside a bulk or reindex batch) can leave the later one a
      // duplicate-key error when the first commits. Run again, it finds the committed document and
      // takes the update path, so it never spends the job's attempt. Not in a caller's transaction,
      // which the error has aborted.
      if (attempt >= DUPLICATE_RUNS || !uniqueViolation(error) || inTransaction(db)) throw error;
    }
  }
}

/** Prisma's transaction client is the one without `$transaction`. */
function inTransaction(db: SearchDb): boolean {
  return typeof (db as { $transaction?: unknown }).$transaction !== 'function';
}

function reconcileStatement(
  source: DocumentSource,
  selection: Prisma.Sql,
  removalScope: Prisma.Sql,
  tailScope: Prisma.Sql = Prisma.sql`false`,
): Prisma.Sql {
  const type = Prisma.sql`${source.entityType}::search_entity_type`;
  // One statement: read, upsert and delete see one snapshot and commit together. FOR SHARE makes
  // each entity row the latest committed version (and holds writers of it until we commit), so
  // a job that started before an edit cannot write the pre-edit text after the edit's own job.
  // The version guard covers the rest: a document never goes back to an older version, and an
  // unchanged one is not rewritten (no dead tuples, no GIN churn on a reindex of a current index).
  return Prisma.sql`
    WITH src AS MATERIALIZED (
      ${source.select}
      ${selection}
      FOR SHARE OF e
    ),
    written AS (
      INSERT INTO search_documents AS d
             (id, entity_type, entity_id, title, body, facets, search_vector, source_updated_at, indexed_at)
      SELECT ${source.entityType} || ':' || s.entity_id, ${type}, s.entity_id, s.title, s.body, s.facets,
             setweight(to_tsvector('english', s.title), 'A') || setweight(to_tsvector('english', s.body), 'B'),
             -- Prisma keeps timestamps as UTC wall time, whatever the server's TimeZone.
             s.version, now() AT TIME ZONE 'UTC'
        FROM src s
       WHERE s.visible
       -- Rows are locked in the order they are written: in id order, two batches with ids in
       -- common (a bulk job during a reindex) take them alike instead of deadlocking.
       ORDER BY s.entity_id
      ON CONFLICT (entity_type, entity_id) DO UPDATE
         SET title = excluded.title, body = excluded.body, facets = excluded.facets,
             search_vector = excluded.search_vector, source_updated_at = excluded.source_updated_at,
             indexed_at = excluded.indexed_at
       WHERE d.source_updated_at < excluded.source_updated_at
          OR (d.source_updated_at = excluded.source_updated_at
              AND (d.title, d.body, d.facets) IS DISTINCT FROM (excluded.title, excluded.body, excluded.facets))
      RETURNING 1
    ),
    removed AS (
      DELETE FROM search_documents d
       WHERE d.entity_type = ${type}
         AND ${removalScope}
         AND NOT EXISTS (
               SELECT 1 FROM src s
                WHERE s.entity_id = d.entity_id AND (s.visible OR s.version < d.source_updated_at))
      RETURNING 1
    ),
    removed_tail AS (
      DELETE FROM search_documents d
       WHERE d.entity_type = ${type}
         AND ${tailScope}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM src)::int AS seen,
           (SELECT count(*) FROM src WHERE visible)::int AS visible,
           (SELECT count(*) FROM written)::int AS indexed,
           ((SELECT count(*) FROM removed) + (SELECT count(*) FROM removed_tail))::int AS removed,
           (SELECT max(entity_id) FROM src) AS last`;
}
