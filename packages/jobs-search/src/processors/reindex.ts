import { Prisma } from '@yg/db';
import { SearchEntityType, type searchFullReindex } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { SearchDeps } from '../deps';
import { documentSources } from '../documents/index';
import { reconcileRange, type SearchDb } from '../reconcile';
import { percentOf, type ReindexProgress, savedProgress } from '../reindex-progress';

export interface ReindexResult {
  seen: number;
  indexed: number;
  removed: number;
  /** Where a crashed earlier attempt had got to, when this run continued from there. */
  resumedFrom: ReindexProgress['current'] | 'start';
}

/**
 * Walks each type by id in `batchSize` batches, every batch one statement that upserts the
 * batch's documents and removes those in its id range whose entity is gone. The documents are
 * replaced in place, so queries keep their answers throughout; memory holds one batch's counts.
 */
export const fullReindex: Processor<typeof searchFullReindex, SearchDeps, ReindexResult> = async (
  job,
  { db, logger },
) => {
  const types = job.data.entityType ? [job.data.entityType] : [...SearchEntityType.options];
  const saved = savedProgress(job.progress, types);
  const progress: ReindexProgress = saved ?? {
    types,
    done: [],
    current: null,
    seen: 0,
    indexed: 0,
    removed: 0,
    total: await countEntities(db, types),
    percent: 0,
  };
  const resumedFrom = saved ? progress.current : 'start';
  if (saved) await job.log(`resuming after ${JSON.stringify(saved.current)} (${saved.percent}% done)`);

  for (const entityType of types) {
    if (progress.done.includes(entityType)) continue;
    const started = performance.now();
    let after = progress.current?.entityType === entityType ? progress.current.after : '';
    for (;;) {
      const batch = await reconcileRange(db, entityType, after, job.data.batchSize);
      progress.seen += batch.seen;
      progress.indexed += batch.indexed;
      progress.removed += batch.removed;
      progress.percent = percentOf(progress.seen, progress.total);
      if (batch.last !== null) after = batch.last;
      if (batch.seen < job.data.batchSize) break;
      progress.current = { entityType, after };
      await job.updateProgress(progress);
    }
    progress.done.push(entityType);
    progress.current = null;
    await job.updateProgress(progress);
    const ms = Math.round(performance.now() - started);
    await job.log(`${entityType}: walked in ${ms} ms`);
    logger.info({ jobId: job.id, entityType, ms }, 'reindexed entity type');
  }
  return { seen: progress.seen, indexed: progress.indexed, removed: progress.removed, resumedFrom };
};

async function countEntities(db: SearchDb, types: readonly SearchEntityType[]): Promise<number> {
  let total = 0;
  for (const type of types) {
    const table = Prisma.raw(documentSources[type].table);
    const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${table}`;
    total += row?.n ?? 0;
  }
  return total;
}
