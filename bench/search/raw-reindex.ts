import type { SearchEntityType } from '@yg/job-contracts';
import { documentSources, reconcileRangeStatement } from '@yg/jobs-search/worker';
import pg from 'pg';

/**
 * The baseline of a full reindex: the job's own SQL — its count, then each keyset batch's
 * statement exactly as `reconcileRange` builds it — over one plain `pg` connection, without the
 * queue, the worker, the progress writes or Prisma. What is left between the two is our overhead.
 */
export async function rawReindex(
  url: string,
  entityType: SearchEntityType,
  batchSize: number,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT count(*)::int AS n FROM ${documentSources[entityType].table}`);
    for (let after = ''; ; ) {
      const statement = reconcileRangeStatement(entityType, after, batchSize);
      const { rows } = await client.query<{ seen: number; last: string | null }>(
        statement.text,
        statement.values as unknown[],
      );
      const batch = rows[0];
      if (!batch) throw new Error('a reindex batch returned no row');
      if (batch.last !== null) after = batch.last;
      if (batch.seen < batchSize) break;
    }
  } finally {
    await client.end();
  }
}
