import type { PrismaClient } from '@yg/db';
import type { QueueClient } from '@yg/queue-core';
import { describe, expect } from 'vitest';
import { queueSearchIndexUpdate, searchDocuments } from '../src/index';
import { catalog } from './support/catalog';
import { drained, withSearchWorker as it } from './support/search-test';

let db: PrismaClient;
let make: ReturnType<typeof catalog>;

it.beforeAll(async ({ database }) => {
  db = database.db;
  make = catalog(db);
});

const find = async (q: string, types?: ('asset' | 'creator' | 'project' | 'license' | 'blog_post')[]) =>
  (await searchDocuments({ q, ...(types ? { types } : {}) }, { db })).hits.map((h) => h.entityId);

async function index(client: QueueClient, ...args: Parameters<typeof queueSearchIndexUpdate>) {
  const result = await queueSearchIndexUpdate(args[0], args[1], args[2], { client });
  await drained(client);
  return result;
}

describe('real-time search index updates', () => {
  it('makes a created asset searchable by title, description, creator and tags', async ({ client }) => {
    const creator = await make.creator('Nightjar Collective');
    const asset = await make.asset('Harbour lights at dusk', {
      description: 'Long exposure of fishing boats',
      creatorId: creator.id,
      tags: ['maritime'],
    });

    await index(client, 'asset', asset.id, 'create');

    expect(await find('harbour lights')).toEqual([asset.id]);
    expect(await find('fishing boat')).toEqual([asset.id]);
    expect(await find('nightjar', ['asset'])).toEqual([asset.id]);
    expect(await find('maritime')).toEqual([asset.id]);
  });

  it('finds the new text after an update and no longer the old', async ({ client }) => {
    const asset = await make.asset('Copper kettle still life');
    await index(client, 'asset', asset.id, 'create');
    await db.ipAsset.update({
      where: { id: asset.id },
      data: { title: 'Brass teapot still life' },
    });

    await index(client, 'asset', asset.id, 'update');

    expect(await find('brass teapot')).toEqual([asset.id]);
    expect(await find('copper kettle')).toEqual([]);
  });

  it('removes the document of a soft-deleted and of a deleted entity', async ({ client }) => {
    const soft = await make.asset('Glacier crevasse panorama');
    const hard = await make.creator('Glacier Sound Studio');
    await index(client, 'asset', soft.id, 'create');
    await index(client, 'creator', hard.id, 'create');
    expect(await find('glacier')).toHaveLength(2);

    await db.ipAsset.update({ where: { id: soft.id }, data: { deletedAt: new Date() } });
    await index(client, 'asset', soft.id, 'delete');
    await db.creator.delete({ where: { id: hard.id } });
    await index(client, 'creator', hard.id, 'delete');

    expect(await find('glacier')).toEqual([]);
  });

  it('finds a published blog post and never a draft', async ({ client }) => {
    const draft = await make.post('Pigment chemistry for painters', 'DRAFT');
    const published = await make.post('Pigment sourcing for muralists', 'PUBLISHED');

    await index(client, 'blog_post', draft.id, 'create');
    await index(client, 'blog_post', published.id, 'create');
    expect(await find('pigment')).toEqual([published.id]);

    await db.blogPost.update({ where: { id: draft.id }, data: { status: 'PUBLISHED' } });
    await index(client, 'blog_post', draft.id, 'update');
    expect(await find('pigment chemistry')).toEqual([draft.id]);
  });

  it('indexes the second version when the same asset is updated again after its first job completed', async ({
    client,
  }) => {
    const asset = await make.asset('Orchard in bloom');
    await index(client, 'asset', asset.id, 'create');
    await db.ipAsset.update({
      where: { id: asset.id },
      data: { title: 'Orchard at harvest' },
    });

    const second = await index(client, 'asset', asset.id, 'update');

    expect(second.status).toBe('added');
    expect(await find('harvest')).toEqual([asset.id]);
    expect(await find('bloom')).toEqual([]);
  });

  it('collapses fifty rapid updates of one asset into a few jobs that end with the last version', async ({
    client,
  }) => {
    const asset = await make.asset('Version 0 of the lighthouse');
    const results = [];
    for (let v = 1; v <= 50; v++) {
      await db.ipAsset.update({
        where: { id: asset.id },
        data: { title: `Lighthouse revision${'x'.repeat(v % 3)} number v${v}` },
      });
      results.push(await queueSearchIndexUpdate('asset', asset.id, 'update', { client }));
    }
    await drained(client);

    const added = results.filter((r) => r.status === 'added').length;
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThanOrEqual(5);
    const [doc] = await db.searchDocument.findMany({ where: { entityId: asset.id } });
    expect(doc?.title).toBe(`Lighthouse revision${'x'.repeat(50 % 3)} number v50`);
  });

  it("rebuilds an asset's document when its creator's name changes", async ({ client }) => {
    const creator = await make.creator('Saltmarsh Audio');
    const asset = await make.asset('Tidal field recording', { creatorId: creator.id });
    await index(client, 'asset', asset.id, 'create');
    await index(client, 'creator', creator.id, 'create');

    await db.creator.update({
      where: { id: creator.id },
      data: { stageName: 'Estuary Audio' },
    });
    await index(client, 'creator', creator.id, 'update');

    expect(await find('estuary', ['asset'])).toEqual([asset.id]);
    expect(await find('saltmarsh')).toEqual([]);
  });

  it('registers the weekly full reindex for Sunday 03:00 UTC', async ({ client }) => {
    const schedulers = await client.queue('search-reindex').getJobSchedulers();

    expect(schedulers).toEqual([expect.objectContaining({ pattern: '0 3 * * 0', tz: 'UTC' })]);
  });
});
