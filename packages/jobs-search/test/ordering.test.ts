import type { PrismaClient } from '@yg/db';
import { describe, expect } from 'vitest';
import { queueSearchIndexUpdate } from '../src/index';
import { reconcileEntities } from '../src/reconcile';
import { catalog } from './support/catalog';
import { drained, withSearchWorker as it, lockWaiters, until } from './support/search-test';

let db: PrismaClient;
let make: ReturnType<typeof catalog>;

it.beforeAll(async ({ database }) => {
  db = database.db;
  make = catalog(db);
});

const documentOf = (entityId: string) => db.searchDocument.findFirst({ where: { entityId } });

describe('late and reordered jobs', () => {
  it('a job already running when an edit commits writes the edit, not the text it first saw', async ({
    client,
  }) => {
    const asset = await make.asset('Quarry at first light');
    await reconcileEntities(db, 'asset', [asset.id]);
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    // An edit in flight: the row is changed but not committed yet.
    const edit = db.$transaction(
      async (tx) => {
        await tx.ipAsset.update({ where: { id: asset.id }, data: { title: 'Quarry under snow' } });
        await committed;
      },
      { timeout: 30_000 },
    );
    await until(
      async () => (await documentOf(asset.id))?.title === 'Quarry at first light' && 'ready',
      30_000,
      'the first document',
    );

    await queueSearchIndexUpdate('asset', asset.id, 'update', { client });
    // The job reached the row and waits for the edit instead of indexing the old title.
    await until(async () => (await lockWaiters(db)) > 0, 30_000, 'the job to wait for the edit');
    commit();
    await edit;
    await drained(client);

    expect((await documentOf(asset.id))?.title).toBe('Quarry under snow');
  });

  it('never replaces a document with one built from an older version of its sources', async () => {
    const asset = await make.asset('Salt flats mirror');
    await reconcileEntities(db, 'asset', [asset.id]);
    // A newer version already indexed (written by a job that read a later state).
    const newer = new Date(asset.updatedAt.getTime() + 60_000);
    await db.searchDocument.updateMany({
      where: { entityId: asset.id },
      data: { title: 'Salt flats at noon', sourceUpdatedAt: newer },
    });

    const result = await reconcileEntities(db, 'asset', [asset.id]);

    expect(result).toMatchObject({ seen: 1, indexed: 0, removed: 0 });
    expect(await documentOf(asset.id)).toMatchObject({ title: 'Salt flats at noon', sourceUpdatedAt: newer });
  });

  it('leaves an unchanged document untouched when its entity is indexed again', async () => {
    const asset = await make.asset('Basalt columns');
    await reconcileEntities(db, 'asset', [asset.id]);
    const before = await documentOf(asset.id);

    const again = await reconcileEntities(db, 'asset', [asset.id]);

    expect(again).toMatchObject({ seen: 1, visible: 1, indexed: 0, removed: 0 });
    expect((await documentOf(asset.id))?.indexedAt).toEqual(before?.indexedAt);
  });
});
