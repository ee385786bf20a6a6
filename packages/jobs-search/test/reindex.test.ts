import { seedDemoData } from '@yg/db/testing';
import { type RunningProcess, runProcess } from '@yg/testing';
import { describe, expect } from 'vitest';
import { queueFullReindex, searchDocuments } from '../src/index';
import type { ReindexResult } from '../src/processors/reindex';
import { reconcileRange, reconcileRangeStatement } from '../src/reconcile';
import { searchTest as it, lockWaiters, TEST_REDIS_ENV, until } from './support/search-test';

let worker: RunningProcess | undefined;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows of `search_documents` that the scans of an EXPLAIN ANALYZE (JSON) plan read. */
function documentRowsRead(plan: unknown): number {
  const [root] = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
  const walk = (node: PlanNode): number =>
    (node['Relation Name'] === 'search_documents' && node['Node Type'].endsWith('Scan')
      ? ((node['Actual Rows'] ?? 0) +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        (node['Actual Loops'] ?? 1)
      : 0) + (node.Plans ?? []).reduce((n, child) => n + walk(child), 0);
  return walk(root!.Plan);
}
const ASSETS = 8000;

it.beforeAll(async ({ database: { db } }) => {
  await seedDemoData(db, { assets: ASSETS, seed: 11, events: 1 });
  // An index that is current, as the last reindex left it.
  for (let after = '', done = false; !done; ) {
    const batch = await reconcileRange(db, 'asset', after, 1000);
    after = batch.last ?? after;
    done = batch.seen < 1000;
  }
});
// Before the test's prefix is cleaned up: a worker left running would write under it again.
it.afterEach(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  worker = undefined;
});

describe('full reindex', () => {
  it('reads only its own id range of documents in a batch, and removes the orphans in that range', async ({
    database: { db },
  }) => {
    const [first] = await db.$queryRaw<{ id: string }[]>`SELECT id FROM ip_assets ORDER BY id LIMIT 1`;
    // A document whose entity is gone, inside the first batch's id range.
    const orphan = `${first!.id}_gone`;
    await db.$executeRaw`
      INSERT INTO search_documents (id, entity_type, entity_id, title, source_updated_at)
      VALUES ('asset:' || ${orphan}, 'asset', ${orphan}, 'Orphaned quarry', now())`;
    const documents = await db.searchDocument.count({ where: { entityType: 'asset' } });

    // The batch's statement run under EXPLAIN ANALYZE: the document rows its scans read, untimed.
    const statement = reconcileRangeStatement('asset', '', 250);
    const [explained] = await db.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
      ...statement.values,
    );

    expect(await db.searchDocument.count({ where: { entityId: orphan } })).toBe(0);
    expect(documents).toBeGreaterThan(4 * 1000);
    // About the batch's 250 documents, never the thousands after them.
    expect(documentRowsRead(explained?.['QUERY PLAN'])).toBeLessThan(1000);
  });

  it('killed half way, resumes from its last batch, answers queries throughout and drops orphans', async ({
    client,
    database,
    prefix,
  }) => {
    const { db } = database;
    // Since the last reindex: documents whose entity is gone, and retitled assets late in the walk.
    await db.$executeRaw`
      INSERT INTO search_documents (id, entity_type, entity_id, title, source_updated_at)
      SELECT 'asset:' || g, 'asset', g, 'Orphaned harbour', now()
        FROM generate_series(1, 200) AS n, LATERAL (SELECT 'ast_orphan_' || n AS g) AS o`;
    const late = await db.ipAsset.findMany({
      where: { deletedAt: null, status: { notIn: ['REJECTED', 'ARCHIVED'] } },
      orderBy: { id: 'desc' },
      take: 100,
      select: { id: true },
    });
    await db.$executeRaw`
      UPDATE ip_assets SET title = 'Zephyr ' || id, updated_at = now()
       WHERE id = ANY(${late.map((a) => a.id)}::text[])`;

    // Queries keep being answered while the reindex runs, crashes and resumes.
    const answers: number[] = [];
    let querying = true;
    const queries = (async () => {
      while (querying) {
        answers.push((await searchDocuments({ q: 'image', types: ['asset'], limit: 1 }, { db })).hits.length);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // A writer holds a row half way through the walk, so the reindex stops there for now.
    const [middle] = await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM ip_assets ORDER BY id OFFSET ${ASSETS / 2} LIMIT 1`;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM ip_assets WHERE id = ${middle!.id} FOR UPDATE`;
        await released;
      },
      { timeout: 120_000 },
    );

    const env = {
      DATABASE_URL: database.url,
      ...TEST_REDIS_ENV,
      BULLMQ_PREFIX: prefix,
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
    };
    worker = runProcess(new URL('./processes/search-worker.mjs', import.meta.url), { env });
    await worker.waitFor('search worker ready');
    const { jobId } = await queueFullReindex('asset', 250, { client });
    const queue = client.queue('search-reindex');
    // Stopped at the held row: its position no longer moves, and the kill lands half way.
    await until(async () => (await lockWaiters(db)) > 0, 30_000, 'the reindex to reach the held row');
    const killedAt = (await queue.getJob(jobId))?.progress as {
      current?: { after: string };
      percent: number;
    };
    worker.child.kill('SIGKILL');
    await worker.exited;
    release();
    await holder;

    // Another worker takes the job over once its lock lapses.
    worker = runProcess(new URL('./processes/search-worker.mjs', import.meta.url), { env });
    await worker.waitFor('search worker ready');
    await until(
      async () => (await queue.getJobState(jobId)) === 'completed',
      90_000,
      'the reindex to finish',
    );
    // Read once completed: a job fetched before its completion carries no return value.
    const result = (await queue.getJob(jobId))?.returnvalue as ReindexResult;
    querying = false;
    await queries;

    expect(killedAt.percent).toBeLessThan(100);
    expect(result.resumedFrom).toMatchObject({ entityType: 'asset', after: killedAt.current?.after });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((n) => n > 0)).toBe(true);
    const [counts] = await db.$queryRaw<
      { documents: number; visible: number; orphans: number; zephyr: number }[]
    >`
      SELECT (SELECT count(*) FROM search_documents WHERE entity_type = 'asset')::int AS documents,
             (SELECT count(*) FROM ip_assets WHERE deleted_at IS NULL
                 AND status NOT IN ('REJECTED', 'ARCHIVED') AND scan_status <> 'INFECTED')::int AS visible,
             (SELECT count(*) FROM search_documents WHERE entity_id LIKE 'ast_orphan_%')::int AS orphans,
             (SELECT count(*) FROM search_documents WHERE title LIKE 'Zephyr %')::int AS zephyr`;
    expect(counts).toEqual({ documents: counts!.visible, visible: counts!.visible, orphans: 0, zephyr: 100 });
  });
});
