import type { PrismaClient } from '@yg/db';
import { describe, expect } from 'vitest';
import { queueBulkSearchIndexUpdate, queueSearchIndexUpdate } from '../src/index';
import { reconcileEntities } from '../src/reconcile';
import { documentSources } from '../src/worker';
import { catalog } from './support/catalog';
import { drained, withSearchWorker as it } from './support/search-test';

let db: PrismaClient;
let make: ReturnType<typeof catalog>;

it.beforeAll(async ({ database }) => {
  db = database.db;
  make = catalog(db);
});

/** An asset with two licenses, all three indexed. */
async function licensedAsset(title: string) {
  const asset = await make.asset(title);
  const licenses = [await make.license(asset.id), await make.license(asset.id)];
  await reconcileEntities(db, 'asset', [asset.id]);
  await reconcileEntities(
    db,
    'license',
    licenses.map((l) => l.id),
  );
  return { asset, licenseIds: licenses.map((l) => l.id) };
}

/**
 * Each license's document beside what the license's document source builds from the catalog now;
 * `stored` is null when the license has no document.
 */
async function licenseDocuments(licenseIds: readonly string[]) {
  return db.$queryRaw<{ id: string; stored: string | null; current: string }[]>`
    SELECT s.entity_id AS id, d.title AS stored, s.title AS current
      FROM (${documentSources.license.select} WHERE e.id = ANY(${[...licenseIds]}::text[])) AS s
      LEFT JOIN search_documents d ON d.entity_type = 'license' AND d.entity_id = s.entity_id
          AND (d.title, d.body, d.facets) IS NOT DISTINCT FROM (s.title, s.body, s.facets)
     ORDER BY s.entity_id`;
}

const retitle = (id: string, title: string, data: object = {}) =>
  db.ipAsset.update({ where: { id }, data: { title, ...data } });

describe("license documents follow their asset's title", () => {
  it('after a retry of an asset job whose first attempt wrote the asset and died before queueing its licenses', async ({
    client,
  }) => {
    const { asset, licenseIds } = await licensedAsset('Fjord ferry timelapse');
    await retitle(asset.id, 'Fjord ferry at midnight');
    // The first attempt's statement, committed; the process dies before it queues anything.
    await reconcileEntities(db, 'asset', [asset.id]);

    // The retry: the asset's document is current already.
    await queueSearchIndexUpdate('asset', asset.id, 'update', { client });
    await drained(client);

    const docs = await licenseDocuments(licenseIds);
    expect(docs.map((d) => d.current)).toEqual(['Fjord ferry at midnight', 'Fjord ferry at midnight']);
    expect(docs.map((d) => d.stored)).toEqual(docs.map((d) => d.current));
  });

  it('after a bulk job that retitled their assets', async ({ client }) => {
    const licensed = [await licensedAsset('Dune ripples'), await licensedAsset('Dune shadows')];
    await retitle(licensed[0]!.asset.id, 'Dune ripples at dawn');
    await retitle(licensed[1]!.asset.id, 'Dune shadows at dusk');

    await queueBulkSearchIndexUpdate(
      'asset',
      licensed.map((l) => l.asset.id),
      { client },
    );
    await drained(client);

    const docs = await licenseDocuments(licensed.flatMap((l) => l.licenseIds));
    expect(new Set(docs.map((d) => d.current))).toEqual(
      new Set(['Dune ripples at dawn', 'Dune shadows at dusk']),
    );
    expect(docs.map((d) => d.stored)).toEqual(docs.map((d) => d.current));
  });

  it('after an archived and a soft-deleted asset are retitled, their own documents gone', async ({
    client,
  }) => {
    const archived = await licensedAsset('Lagoon mangroves');
    const deleted = await licensedAsset('Lagoon herons');
    await retitle(archived.asset.id, 'Lagoon mangroves', { status: 'ARCHIVED' });
    await retitle(deleted.asset.id, 'Lagoon herons', { deletedAt: new Date() });
    await queueSearchIndexUpdate('asset', archived.asset.id, 'update', { client });
    await queueSearchIndexUpdate('asset', deleted.asset.id, 'delete', { client });
    await drained(client);

    // Edited while hidden: their jobs have no document of theirs to change.
    await retitle(archived.asset.id, 'Lagoon mangroves (withdrawn)');
    await retitle(deleted.asset.id, 'Lagoon herons (withdrawn)');
    await queueSearchIndexUpdate('asset', archived.asset.id, 'update', { client });
    await queueSearchIndexUpdate('asset', deleted.asset.id, 'delete', { client });
    await drained(client);

    const hidden = await db.searchDocument.count({
      where: { entityId: { in: [archived.asset.id, deleted.asset.id] } },
    });
    const docs = await licenseDocuments([...archived.licenseIds, ...deleted.licenseIds]);
    expect(hidden).toBe(0);
    // The license source names the asset whatever the asset's visibility.
    expect(new Set(docs.map((d) => d.current))).toEqual(
      new Set(['Lagoon mangroves (withdrawn)', 'Lagoon herons (withdrawn)']),
    );
    expect(docs.map((d) => d.stored)).toEqual(docs.map((d) => d.current));
  });

  it('and queue nothing when they are current', async ({ client }) => {
    const { asset } = await licensedAsset('Moss on granite');

    await queueSearchIndexUpdate('asset', asset.id, 'update', { client });
    await drained(client);

    const bulk = await client.queue('search-index-bulk').getJobCounts('completed', 'failed');
    expect(bulk).toEqual({ completed: 0, failed: 0 });
  });
});

describe("asset documents follow their creator's name", () => {
  it('lose the name once the creator is soft-deleted', async ({ client }) => {
    const creator = await make.creator('Kelpie Field Audio');
    const asset = await make.asset('Breakers on shingle', { creatorId: creator.id });
    await reconcileEntities(db, 'asset', [asset.id]);

    await db.creator.update({ where: { id: creator.id }, data: { deletedAt: new Date() } });
    await queueSearchIndexUpdate('creator', creator.id, 'delete', { client });
    await drained(client);

    const doc = await db.searchDocument.findFirst({ where: { entityType: 'asset', entityId: asset.id } });
    expect(doc?.body).not.toContain('Kelpie');
  });
});
