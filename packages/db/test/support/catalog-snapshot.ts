import pg from 'pg';

/**
 * What a schema is made of, as PostgreSQL reports it: tables, columns (type, nullability,
 * default), indexes, constraints and enums. Two databases with equal snapshots have the same schema.
 * Prisma's bookkeeping table is left out: only a migrated database has it.
 */
export interface CatalogSnapshot {
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
}

export async function catalogSnapshot(url: string): Promise<CatalogSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lines = async (sql: string) =>
      (await client.query<{ line: string }>(sql)).rows.map((row) => row.line);
    return {
      columns: await lines(`
        SELECT table_name || '.' || column_name || ' ' || udt_name
               || coalesce('(' || character_maximum_length || ')', '')
               || coalesce(' p' || datetime_precision, '')
               || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END
               || coalesce(' DEFAULT ' || column_default, '') AS line
          FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
         ORDER BY table_name, column_name`),
      indexes: await lines(`
        SELECT indexdef AS line FROM pg_indexes
         WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
         ORDER BY tablename, indexname`),
      constraints: await lines(`
        SELECT rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS line
          FROM pg_constraint con
          JOIN pg_class rel ON rel.oid = con.conrelid
          JOIN pg_namespace ns ON ns.oid = rel.relnamespace
         WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations'
         ORDER BY rel.relname, con.conname`),
      enums: await lines(`
        SELECT t.typname || ': ' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS line
          FROM pg_type t
          JOIN pg_enum e ON e.enumtypid = t.oid
          JOIN pg_namespace ns ON ns.oid = t.typnamespace
         WHERE ns.nspname = 'public'
         GROUP BY t.typname
         ORDER BY t.typname`),
    };
  } finally {
    await client.end();
  }
}

/** Runs a script as one simple query (several statements), as `migrate` does. */
export async function runScript(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
