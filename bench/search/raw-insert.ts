import { Prisma, type PrismaClient } from '@yg/db';
import { documentSources } from '@yg/jobs-search/worker';
import pg from 'pg';

export interface RawDocument {
  entity_id: string;
  title: string;
  body: string;
  facets: unknown;
  version: Date;
}

/** The documents of the given assets, built beforehand, so that the raw side only writes. */
export async function assetDocuments(db: PrismaClient, ids: readonly string[]): Promise<RawDocument[]> {
  return db.$queryRaw<RawDocument[]>`
    SELECT entity_id, title, body, facets, version
      FROM (${documentSources.asset.select} WHERE e.id = ANY(${[...ids]}::text[])) AS d
     WHERE visible`;
}

/**
 * The ceiling: a hand-written multi-row INSERT … ON CONFLICT of ready documents, 500 rows a
 * statement, over one plain `pg` connection, computing the same weighted tsvector.
 */
export async function rawInsert(url: string, documents: readonly RawDocument[], rowsPerStatement = 500) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < documents.length; i += rowsPerStatement) {
      const batch = documents.slice(i, i + rowsPerStatement);
      const params: unknown[] = [];
      const rows = batch.map((d) => {
        const p = params.push(
          `asset:${d.entity_id}`,
          d.entity_id,
          d.title,
          d.body,
          JSON.stringify(d.facets),
          d.version,
        );
        const [id, entity, title, body, facets, version] = [p - 5, p - 4, p - 3, p - 2, p - 1, p].map(
          (n) => `$${n}`,
        );
        return `(${id}, 'asset', ${entity}, ${title}, ${body}, ${facets}::jsonb,
                 setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('english', ${body}), 'B'),
                 ${version}, now())`;
      });
      await client.query(
        `INSERT INTO search_documents AS d
                (id, entity_type, entity_id, title, body, facets, search_vector, source_updated_at, indexed_at)
         VALUES ${rows.join(', ')}
         ON CONFLICT (entity_type, entity_id) DO UPDATE
            SET title = excluded.title, body = excluded.body, facets = excluded.facets,
                search_vector = excluded.search_vector, source_updated_at = excluded.source_updated_at,
                indexed_at = excluded.indexed_at`,
        params,
      );
    }
  } finally {
    await client.end();
  }
}

export const emptyIndex = (db: PrismaClient) => db.$executeRaw(Prisma.sql`TRUNCATE search_documents`);
