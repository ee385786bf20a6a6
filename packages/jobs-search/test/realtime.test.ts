import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueSearchIndexUpdate, searchDocuments } from '../src/index';
import { catalog } from './support/catalog';
import { createWorld, drained, type SearchWorld } from './support/world';

let world: SearchWorld;
let make: ReturnType<typeof catalog>;

beforeAll(async () => {
  world = await createWorld();
  make = catalog(world.database.db);
});
afterAll(() => world.close());

const find = async (q: string, types?: ('asset' | 'creator' | 'project' | 'license' | 'blog_post')[]) =>
  (await searchDocuments({ q, ...(types ? { types } : {}) }, { db: world.database.db })).hits.map(
    (h) => h.entityId,
  );

async function index(...args: Parameters<typeof queueSearchIndexUpdate>) {
  const result = await queueSearchIndexUpdate(args[0], args[1], args[2], { client: world.client });
  await drained(world.client);
  return result;
}

describe('real-time search index updates', () => {
  it('makes a created asset searchable by title, description, creator and tags', async () => {
    const creator = await make.creator('Nightjar Collective');
    const asset = await make.asset('Harbour lights at dusk', {
      description: 'Long exposure of fishing boats',
      creatorId: creator.id,
      tags: ['maritime'],
    });

    await index('asset', asset.id, 'create');

    expect(await find('harbour lights')).toEqual([asset.id]);
    expect(await find('fishing boat')).toEqual([asset.id]);
    expect(await find('nightjar', ['asset'])).toEqual([asset.id]);
    expect(await find('maritime')).toEqual([asset.id]);
  });

  it('finds the new text after an update and no longer the old', async () => {
    const asset = await make.asset('Copper kettle still life');
    await index('asset', asset.id, 'create');
    await world.database.db.ipAsset.update({
      where: { id: asset.id },
      data: { title: 'Brass teapot still life' },
    });

    await index('asset', asset.id, 'update');

    expect(await find('brass teapot')).toEqual([asset.id]);
    expect(await find('copper kettle')).toEqual([]);
  });

  it('removes the document of a soft-deleted and of a deleted entity', async () => {
    const soft = await make.asset('Glacier crevasse panorama');
    const hard = await make.creator('Glacier Sound Studio');
    await index('asset', soft.id, 'create');
    await index('creator', hard.id, 'create');
    expect(await find('glacier')).toHaveLength(2);

    await world.database.db.ipAsset.update({ where: { id: soft.id }, data: { deletedAt: new Date() } });
    await index('asset', soft.id, 'delete');
    await world.database.db.creator.delete({ where: { id: hard.id } });
    await index('creator', hard.id, 'delete');

    expect(await find('glacier')).toEqual([]);
  });

  it('finds a published blog post and never a draft', async () => {
    const draft = await make.post('Pigment chemistry for painters', 'DRAFT');
    const published = await make.post('Pigment sourcing for muralists', 'PUBLISHED');

    await index('blog_post', draft.id, 'create');
    await index('blog_post', published.id, 'create');
    expect(await find('pigment')).toEqual([published.id]);

    await world.database.db.blogPost.update({ where: { id: draft.id }, data: { status: 'PUBLISHED' } });
    await index('blog_post', draft.id, 'update');
    expect(await find('pigment chemistry')).toEqual([draft.id]);
  });

  it('indexes the second version when the same asset is updated again after its first job completed', async () => {
    const asset = await make.asset('Orchard in bloom');
    await index('asset', asset.id, 'create');
    await world.database.db.ipAsset.update({
      where: { id: asset.id },
      data: { title: 'Orchard at harvest' },
    });

    const second = await index('asset', asset.id, 'update');

    expect(second.status).toBe('added');
    expect(await find('harvest')).toEqual([asset.id]);
    expect(await find('bloom')).toEqual([]);
  });

  it('collapses fifty rapid updates of one asset into a few jobs that end with the last version', async () => {
    const asset = await make.asset('Version 0 of the lighthouse');
    const results = [];
    for (let v = 1; v <= 50; v++) {
      await world.database.db.ipAsset.update({
        where: { id: asset.id },
        data: { title: `Lighthouse revision${'x'.repeat(v % 3)} number v${v}` },
      });
      results.push(await queueSearchIndexUpdate('asset', asset.id, 'update', { client: world.client }));
    }
    await drained(world.client);

    const added = results.filter((r) => r.status === 'added').length;
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThanOrEqual(5);
    const [doc] = await world.database.db.searchDocument.findMany({ where: { entityId: asset.id } });
    expect(doc?.title).toBe(`Lighthouse revision${'x'.repeat(50 % 3)} number v50`);
  });

  it("rebuilds an asset's document when its creator's name changes", async () => {
    const creator = await make.creator('Saltmarsh Audio');
    const asset = await make.asset('Tidal field recording', { creatorId: creator.id });
    await index('asset', asset.id, 'create');
    await index('creator', creator.id, 'create');

    await world.database.db.creator.update({
      where: { id: creator.id },
      data: { stageName: 'Estuary Audio' },
    });
    await index('creator', creator.id, 'update');

    expect(await find('estuary', ['asset'])).toEqual([asset.id]);
    expect(await find('saltmarsh')).toEqual([]);
  });

  it('registers the weekly full reindex for Sunday 03:00 UTC', async () => {
    const schedulers = await world.client.queue('search-reindex').getJobSchedulers();

    expect(schedulers).toEqual([expect.objectContaining({ pattern: '0 3 * * 0', tz: 'UTC' })]);
  });
});
