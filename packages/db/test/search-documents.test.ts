import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';

// The search package writes search_vector in its upsert with this expression; the index must
// serve queries over it.
const VECTOR = `setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')`;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  // Enough unrelated documents that scanning the table would be the worse plan.
  await db.$executeRawUnsafe(`
    INSERT INTO search_documents (id, entity_type, entity_id, title, body, facets, search_vector, source_updated_at)
    SELECT id, entity_type::search_entity_type, entity_id, title, body, '{}'::jsonb, ${VECTOR}, now()
      FROM (SELECT 'doc' || n AS id, (ARRAY['asset','creator','project','license','blog_post'])[1 + n % 5] AS entity_type,
                   'entity' || n AS entity_id, 'Ordinary item ' || n AS title,
                   'A plain description of item number ' || n || ' in the catalog.' AS body
              FROM generate_series(1, 20000) AS n) AS d`);
  await db.$executeRawUnsafe(`
    INSERT INTO search_documents (id, entity_type, entity_id, title, body, facets, search_vector, source_updated_at)
    SELECT id, entity_type::search_entity_type, entity_id, title, body, facets::jsonb, ${VECTOR}, now()
      FROM (VALUES ('lantern-title', 'asset', 'a1', 'Paper lanterns at night', 'Festival photography', '{"type":"IMAGE"}'),
                   ('lantern-body', 'blog_post', 'p1', 'Notes from the festival', 'We photographed a lantern parade', '{}'))
           AS d (id, entity_type, entity_id, title, body, facets)`);
  // What autovacuum does after a bulk load: moves GIN's pending list (fastupdate) into the index
  // proper and refreshes statistics. Right after a large load, before that, the planner prices the
  // pending list in and may still prefer a sequential scan.
  await db.$executeRawUnsafe('VACUUM ANALYZE search_documents');
}, 120_000);

afterAll(async () => {
  await database.drop();
});

describe('full-text search over search documents', () => {
  it('finds documents by stemmed words, title matches ranked above body matches', async () => {
    const rows = await database.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM search_documents
       WHERE search_vector @@ websearch_to_tsquery('english', ${'lanterns'})
       ORDER BY ts_rank(search_vector, websearch_to_tsquery('english', ${'lanterns'})) DESC`;

    expect(rows.map((row) => row.id)).toEqual(['lantern-title', 'lantern-body']);
  });

  it('uses the GIN index on search_vector', async () => {
    const [row] = await database.db.$queryRaw<{ 'QUERY PLAN': unknown }[]>`
      EXPLAIN (FORMAT JSON) SELECT id FROM search_documents
       WHERE search_vector @@ websearch_to_tsquery('english', ${'lantern'})`;
    const plan = JSON.stringify(row?.['QUERY PLAN']);

    expect(plan).toContain('"Index Name":"search_documents_search_vector_idx"');
    expect(plan).not.toContain('"Node Type":"Seq Scan"');
  });

  it('keeps one document per entity', async () => {
    const insertAgain = database.db.$executeRawUnsafe(`
      INSERT INTO search_documents (id, entity_type, entity_id, title, source_updated_at)
      VALUES ('duplicate', 'asset', 'a1', 'Another', now())`);

    await expect(insertAgain).rejects.toThrow(/Unique constraint failed|unique/i);
  });
});
