import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatamodel } from '@yg/prisma-migrate/datamodel';
import { diffDatamodels } from '@yg/prisma-migrate/diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { type CatalogSnapshot, catalogSnapshot, runScript } from './support/catalog-snapshot';

// The migrations and the schema must describe the same database. One database is built by
// applying every migration, the other from the current schema alone (Prisma's SQL for it, from
// empty); their catalogs must be equal. Editing the schema without running `pnpm db:migration
// <name>` makes them differ, and this test fails.

// Indexes that Prisma's schema cannot express (INCLUDE columns, an expression), written by hand in
// a migration (20261129213705_search_recent_first). They are left out of the comparison and
// checked for on their own below.
const HAND_WRITTEN_INDEXES = ['search_documents_recent_idx', 'search_documents_title_idx'];
const handWritten = (index: string) => HAND_WRITTEN_INDEXES.some((name) => index.includes(` ${name} ON `));

const schemaDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'schema');

const databases: TestDatabase[] = [];
let fromMigrations: CatalogSnapshot;
let currentDatamodel: string;

async function databaseFromDatamodel(datamodel: string): Promise<CatalogSnapshot> {
  const database = await createTestDatabase({ migrate: false });
  databases.push(database);
  await runScript(
    database.url,
    await diffDatamodels({ from: null, to: datamodel, databaseUrl: database.url }),
  );
  return catalogSnapshot(database.url);
}

beforeAll(async () => {
  const migrated = await createTestDatabase();
  databases.push(migrated);
  fromMigrations = await catalogSnapshot(migrated.url);
  currentDatamodel = await readDatamodel(schemaDir);
}, 120_000);

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

describe('the migrations', () => {
  it('build the same tables, columns, types, defaults, indexes, constraints and enums as the schema', async () => {
    const fromSchema = await databaseFromDatamodel(currentDatamodel);

    // Each part on its own, so that a failure shows which part drifted.
    expect(fromMigrations.enums).toEqual(fromSchema.enums);
    expect(fromMigrations.columns).toEqual(fromSchema.columns);
    expect(fromMigrations.indexes.filter((index) => !handWritten(index))).toEqual(fromSchema.indexes);
    expect(fromMigrations.constraints).toEqual(fromSchema.constraints);
  }, 120_000);

  it('hold the parts of the schema that the jobs depend on', () => {
    expect(fromMigrations.indexes).toContain(
      'CREATE INDEX search_documents_search_vector_idx ON public.search_documents USING gin (search_vector)',
    );
    expect(fromMigrations.indexes).toContain(
      'CREATE UNIQUE INDEX email_deliveries_idempotency_key_key ON public.email_deliveries USING btree (idempotency_key)',
    );
    expect(fromMigrations.indexes).toContain(
      'CREATE INDEX search_documents_recent_idx ON public.search_documents USING btree (source_updated_at DESC, id DESC) INCLUDE (entity_type, search_vector)',
    );
    expect(fromMigrations.indexes).toContain(
      "CREATE INDEX search_documents_title_idx ON public.search_documents USING gin (to_tsvector('english'::regconfig, title))",
    );
    expect(fromMigrations.enums).toContain('search_entity_type: asset, creator, project, license, blog_post');
    expect(fromMigrations.columns).toContain('search_documents.search_vector tsvector');
  });

  it('would be found out of date by this comparison if the schema changed without a migration', async () => {
    // The same check against a schema with one more column: it must see the difference.
    const edited = currentDatamodel.replace(/model Creator \{/, 'model Creator {\n  agreementProbe String?');
    expect(edited).not.toBe(currentDatamodel);

    const fromEditedSchema = await databaseFromDatamodel(edited);

    expect(fromEditedSchema.columns).toContain('creators.agreementProbe text');
    expect(fromEditedSchema.columns).not.toEqual(fromMigrations.columns);
  }, 120_000);
});
