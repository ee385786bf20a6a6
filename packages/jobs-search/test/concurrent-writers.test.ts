// Jobs that write the same documents at the same moment: a realtime update beside a bulk job, two
// bulk jobs with ids in common, a bulk job during the weekly reindex. Each statement here is what
// one of those jobs runs; a deadlock or a duplicate key would fail that job and spend an attempt.
import { createDb, type PrismaClient } from '@yg/db';
import { seedDemoData } from '@yg/db/testing';
import { afterAll, describe, expect } from 'vitest';
import { reconcileEntities, reconcileRange } from '../src/reconcile';
import { catalog } from './support/catalog';
import { searchTest as it, lockWaiters, until } from './support/search-test';

let db: PrismaClient;
/** Another session, as an editor's would be: it holds the gate and watches who waits on it. */
let gateDb: PrismaClient;
/** The writers' own connections, one each, so that none waits for another's. */
let writers: PrismaClient;

it.beforeAll(async ({ database }) => {
  db = database.db;
  gateDb = createDb({ url: database.url, poolSize: 2 });
  writers = createDb({ url: database.url, poolSize: 8 });
});

afterAll(async () => {
  await Promise.all([gateDb.$disconnect(), writers.$disconnect()]);
});

/**
 * Round after round, prepares (`round`) and then runs the statements it returns at the same
 * instant: each first waits on a lock of `ip_assets`, released once all of them wait. Returns
 * what failed, by message.
 */
async function failuresOf(
  rounds: number,
  round: () => Promise<(() => Promise<unknown>)[]>,
): Promise<string[]> {
  const failures: string[] = [];
  for (let n = 0; n < rounds; n++) {
    const statements = await round();
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let locked!: () => void;
    const held = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const gate = gateDb.$transaction(
      async (tx) => {
        await tx.$executeRaw`LOCK TABLE ip_assets IN ACCESS EXCLUSIVE MODE`;
        locked();
        await opened;
      },
      { timeout: 30_000 },
    );
    await held;
    const runs = Promise.allSettled(statements.map((statement) => statement()));
    await until(
      async () => (await lockWaiters(gateDb)) >= statements.length,
      30_000,
      'the statements to wait',
    );
    open();
    await gate;
    for (const run of await runs) {
      if (run.status === 'rejected') failures.push((run.reason as Error).message);
    }
  }
  return failures;
}

describe('jobs that write the same documents at once', () => {
  it('write a new entity’s document once, and none of them fails', async () => {
    // Without the statement's care, a few rounds in a hundred fail one writer with a duplicate key.
    const make = catalog(db);
    const assets: string[] = [];
    const failures = await failuresOf(100, async () => {
      const asset = await make.asset('Tide pool');
      assets.push(asset.id);
      return Array.from({ length: 8 }, () => () => reconcileEntities(writers, 'asset', [asset.id]));
    });

    expect(failures).toEqual([]);
    const documents = await db.searchDocument.groupBy({
      by: ['entityId'],
      where: { entityId: { in: assets } },
      _count: true,
    });
    expect(documents.map((d) => d._count)).toEqual(assets.map(() => 1));
  });

  it('rewrite overlapping batches, given in any order, without a deadlock', async () => {
    await seedDemoData(db, { assets: 2000, seed: 7, events: 1 });
    await db.$executeRaw`UPDATE ip_assets SET deleted_at = NULL, status = 'PUBLISHED'`;
    const ids = (await db.ipAsset.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map(
      (a) => a.id,
    );
    await reconcileRange(db, 'asset', '', ids.length);
    const shuffled = (some: string[]) =>
      some
        .map((id) => ({ id, key: Math.random() }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.id);

    // Every round changes the assets, so that each statement rewrites every document it holds.
    const failures = await failuresOf(20, async () => {
      await db.$executeRaw`UPDATE ip_assets SET updated_at = now() AT TIME ZONE 'UTC'`;
      return [
        () => reconcileEntities(db, 'asset', shuffled(ids.slice(0, 500))),
        () => reconcileEntities(db, 'asset', shuffled(ids.slice(0, 500))),
        () => reconcileEntities(db, 'asset', shuffled(ids.slice(250, 750))),
        () => reconcileRange(db, 'asset', '', 500),
      ];
    });

    expect(failures).toEqual([]);
    const [stale] = await db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM search_documents d JOIN ip_assets a ON a.id = d.entity_id
       WHERE d.entity_type = 'asset' AND d.source_updated_at < a.updated_at AND a.id = ANY(${ids.slice(0, 750)}::text[])`;
    expect(stale?.count).toBe(0);
  });
});

describe('a statement that meets another writer’s first insert', () => {
  // The race above is rare on a quiet machine; what the statement does when it happens is checked
  // here on a stand-in client that reports it the way pg does.
  const duplicate = () =>
    Object.assign(new Error('duplicate key value violates unique constraint "search_documents_pkey"'), {
      code: '23505',
    });
  const row = { seen: 1, visible: 1, indexed: 0, removed: 0, last: 'a' };

  function standIn(failures: Error[], options: { transaction?: boolean } = {}) {
    let runs = 0;
    const client = {
      runs: () => runs,
      $queryRaw: async () => {
        runs++;
        const failure = failures.shift();
        if (failure) throw failure;
        return [row];
      },
      ...(options.transaction ? {} : { $transaction: async () => {} }),
    };
    return client as typeof client & PrismaClient;
  }

  it('runs again and returns what the second run found', async () => {
    const client = standIn([duplicate()]);
    await expect(reconcileEntities(client, 'asset', ['a'])).resolves.toEqual(row);
    expect(client.runs()).toBe(2);
  });

  it('gives up after three runs, with the error', async () => {
    const client = standIn([duplicate(), duplicate(), duplicate(), duplicate()]);
    await expect(reconcileEntities(client, 'asset', ['a'])).rejects.toThrow('search_documents_pkey');
    expect(client.runs()).toBe(3);
  });

  it('throws any other error at once, and a duplicate key inside a caller’s transaction', async () => {
    const other = standIn([Object.assign(new Error('deadlock detected'), { code: '40P01' })]);
    await expect(reconcileEntities(other, 'asset', ['a'])).rejects.toThrow('deadlock detected');
    expect(other.runs()).toBe(1);
    const inTransaction = standIn([duplicate()], { transaction: true });
    await expect(reconcileEntities(inTransaction, 'asset', ['a'])).rejects.toThrow('search_documents_pkey');
    expect(inTransaction.runs()).toBe(1);
  });
});
