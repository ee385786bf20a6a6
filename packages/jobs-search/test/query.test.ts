import type { PrismaClient } from '@yg/db';
import { describe, expect } from 'vitest';
import { SearchQueryError, searchDocuments } from '../src/index';
import { reconcileEntities } from '../src/reconcile';
import { catalog } from './support/catalog';
import { searchTest as it } from './support/search-test';

let db: PrismaClient;
const ids = { titled: '', described: '', published: '', creator: '' };

it.beforeAll(async ({ database }) => {
  db = database.db;
  const make = catalog(db);
  ids.titled = (await make.asset('Kestrel in flight', { description: 'A bird of prey' })).id;
  ids.described = (await make.asset('Moorland at dawn', { description: 'A kestrel hovers over heather' })).id;
  ids.published = (await make.asset('Published kestrel study')).id;
  await db.ipAsset.update({ where: { id: ids.published }, data: { status: 'PUBLISHED' } });
  ids.creator = (await make.creator('Kestrel Films', { specialties: ['wildlife'] })).id;
  const batch = await Promise.all(Array.from({ length: 45 }, (_, n) => make.asset(`Heron study ${n}`)));
  await reconcileEntities(db, 'asset', [ids.titled, ids.described, ids.published, ...batch.map((a) => a.id)]);
  await reconcileEntities(db, 'creator', [ids.creator]);
});

const search = (query: Parameters<typeof searchDocuments>[0]) => searchDocuments(query, { db });

describe('searchDocuments', () => {
  it('ranks a title match above a body match', async () => {
    const { hits } = await search({ q: 'kestrel', types: ['asset'] });

    expect(hits.map((h) => h.entityId).indexOf(ids.described)).toBe(2);
    expect(hits[0]?.rank).toBeGreaterThan(hits[2]?.rank ?? Infinity);
  });

  it('filters by entity type and by facets', async () => {
    expect((await search({ q: 'kestrel', types: ['creator'] })).hits.map((h) => h.entityId)).toEqual([
      ids.creator,
    ]);
    expect(
      (await search({ q: 'kestrel', facets: { status: 'PUBLISHED' } })).hits.map((h) => h.entityId),
    ).toEqual([ids.published]);
    expect((await search({ q: 'kestrel', facets: { specialties: ['wildlife'] } })).hits).toHaveLength(1);
  });

  it('understands web-search syntax: phrases and exclusions', async () => {
    expect((await search({ q: '"bird of prey"' })).hits.map((h) => h.entityId)).toEqual([ids.titled]);
    expect((await search({ q: 'kestrel -moorland -films' })).hits.map((h) => h.entityId).sort()).toEqual(
      [ids.titled, ids.published].sort(),
    );
  });

  it('pages through every hit once with cursors', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search({ q: 'heron', limit: 20, ...(cursor ? { cursor } : {}) });
      seen.push(...page.hits.map((h) => h.entityId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
  });

  it.each([
    [{ q: '  ' }, /q: must not be empty/],
    [{ q: 'x', types: ['song'] }, /types\.0/],
    [{ q: 'x', limit: 500 }, /limit/],
    [{ q: 'x', cursor: 'not-a-cursor' }, /cursor: is not a cursor/],
    [{ q: 'x', sort: 'date' }, /sort: unknown field/],
  ])('rejects %o with an error naming the field', async (query, message) => {
    const error = await search(query as Parameters<typeof searchDocuments>[0]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SearchQueryError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('searchDocuments refuses NUL bytes, which PostgreSQL cannot take', () => {
  // A cursor like one searchDocuments returns, whose id carries a NUL.
  const nulCursor = Buffer.from(JSON.stringify([0.5, 'doc\u00001'])).toString('base64url');

  it.each([
    ['q', { q: 'kes\u0000trel' }],
    ['cursor', { q: 'kestrel', cursor: `${nulCursor}\u0000` }],
    ['cursor', { q: 'kestrel', cursor: nulCursor }],
    ['facets.status', { q: 'kestrel', facets: { status: 'PUB\u0000LISHED' } }],
    ['facets.tags.1', { q: 'kestrel', facets: { tags: ['jazz', 'bl\u0000ues'] } }],
    ['facets.a\u0000b', { q: 'kestrel', facets: { 'a\u0000b': 'x' } }],
  ])('in %s: a SearchQueryError naming the field', async (field, query) => {
    const error = await search(query as Parameters<typeof searchDocuments>[0]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SearchQueryError);
    expect((error as SearchQueryError).issues.map((i) => i.field)).toEqual([field]);
  });
});
