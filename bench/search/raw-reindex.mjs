// The baseline of a full reindex: the job's own SQL — its count, then each keyset batch's
// statement exactly as `reconcileRange` builds it — over one plain `pg` connection, without the
// queue, the worker, the progress writes or Prisma. Plain JavaScript, so that it also runs as a
// process of its own (`node raw-reindex.mjs <url> <batch size>`) whose memory is the baseline's.
import { fileURLToPath } from 'node:url';
import { documentSources, reconcileRangeStatement } from '@yg/jobs-search/worker';
import pg from 'pg';
import { peakRssMiB } from '../peak-rss.mjs';

/** @param {string} url @param {import('@yg/job-contracts').SearchEntityType} entityType @param {number} batchSize */
export async function rawReindex(url, entityType, batchSize) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT count(*)::int AS n FROM ${documentSources[entityType].table}`);
    for (let after = ''; ; ) {
      const statement = reconcileRangeStatement(entityType, after, batchSize);
      const { rows } = await client.query(statement.text, statement.values);
      const batch = rows[0];
      if (!batch) throw new Error('a reindex batch returned no row');
      if (batch.last !== null) after = batch.last;
      if (batch.seen < batchSize) break;
    }
  } finally {
    await client.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await rawReindex(process.argv[2], 'asset', Number(process.argv[3]));
  console.log(JSON.stringify({ peakRssMiB: peakRssMiB() }));
}
