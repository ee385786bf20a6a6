import { Prisma, type PrismaClient } from '@yg/db';
import { BULK_SEARCH_MAX_IDS } from '@yg/job-contracts';
import { reconcileEntitiesStatement } from '@yg/jobs-search/worker';
import pg from 'pg';

/**
 * The baseline of bulk indexing: the bulk job's own statement for each chunk of ids (the chunks
 * `queueBulkSearchIndexUpdate` makes), over `connections` plain `pg` connections — as many as
 * the worker runs bulk jobs at once — without the queue, the worker or Prisma.
 */
export async function rawBulkIndex(url: string, ids: readonly string[], connections = 2): Promise<void> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BULK_SEARCH_MAX_IDS)
    chunks.push(ids.slice(i, i + BULK_SEARCH_MAX_IDS));
  const clients = Array.from({ length: connections }, () => new pg.Client({ connectionString: url }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
          const statement = reconcileEntitiesStatement('asset', chunk);
          await client.query(statement.text, statement.values as unknown[]);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export const emptyIndex = (db: PrismaClient) => db.$executeRaw(Prisma.sql`TRUNCATE search_documents`);
