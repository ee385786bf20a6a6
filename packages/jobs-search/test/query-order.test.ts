import type { PrismaClient } from '@yg/db';
import { describe, expect } from 'vitest';
import { searchDocuments } from '../src/index';
import { type SearchRow, type SearchStatementInput, searchStatement } from '../src/query-statement';
import { reconcileEntities } from '../src/reconcile';
import { catalog } from './support/catalog';
import { searchTest as it } from './support/search-test';

// A fixed corpus whose order is known: five documents mention "heron", three in the title. Ages
// are set by hand so that "newest first" is decided by the test, not by insertion speed.
let db: PrismaClient;
const id: Record<'old' | 'mid' | 'new' | 'bodyNew' | 'bodyOld' | 'unrelated', string> = {
  old: '',
  mid: '',
  new: '',
  bodyNew: '',
  bodyOld: '',
  unrelated: '',
};

it.beforeAll(async ({ database }) => {
  db = database.db;
  const make = catalog(db);
  const rows: [keyof typeof id, string, string, string][] = [
    ['old', 'Grey heron', 'Standing still.', '2026-01-01'],
    ['mid', 'Heron over the marsh', 'Wings wide.', '2026-01-05'],
    ['new', 'Night heron', 'At dusk.', '2026-01-07'],
    ['bodyNew', 'Marsh birds', 'A heron wades through the reeds.', '2026-01-10'],
    ['bodyOld', 'Reed beds', 'A heron nest, empty.', '2026-01-03'],
    ['unrelated', 'Kingfisher', 'A flash of blue.', '2026-01-09'],
  ];
  for (const [key, title, description, day] of rows) {
    const asset = await make.asset(title, { description });
    await db.ipAsset.update({ where: { id: asset.id }, data: { updatedAt: new Date(`${day}T12:00:00Z`) } });
    id[key] = asset.id;
  }
  await reconcileEntities(db, 'asset', Object.values(id));
});

const search = (query: Parameters<typeof searchDocuments>[0]) => searchDocuments(query, { db });

describe('searchDocuments order', () => {
  it('puts title matches first, each tier newest first', async () => {
    const { hits, nextCursor } = await search({ q: 'heron' });

    expect(hits.map((h) => h.entityId)).toEqual([id.new, id.mid, id.old, id.bodyNew, id.bodyOld]);
    expect(hits.map((h) => h.titleMatch)).toEqual([true, true, true, false, false]);
    expect(nextCursor).toBeNull();
  });

  it('pages across the boundary between title and body matches without a gap or a repeat', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ q: 'heron', limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.hits.map((h) => h.entityId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(pages).toEqual([[id.new, id.mid], [id.old, id.bodyNew], [id.bodyOld]]);
  });

  it('moves a document up when its entity changes', async ({ onTestFinished }) => {
    await db.ipAsset.update({ where: { id: id.old }, data: { updatedAt: new Date('2026-02-01T00:00:00Z') } });
    await reconcileEntities(db, 'asset', [id.old]);
    onTestFinished(async () => {
      await db.ipAsset.update({
        where: { id: id.old },
        data: { updatedAt: new Date('2026-01-01T12:00:00Z') },
      });
      await db.$executeRaw`UPDATE search_documents SET source_updated_at = '2026-01-01 12:00:00' WHERE entity_id = ${id.old}`;
    });

    expect((await search({ q: 'heron', limit: 1 })).hits[0]?.entityId).toBe(id.old);
  });

  // A page first walks the most recent documents and, when they hold too few matches, asks the
  // text indexes. Walking one document (or none) forces the second way for every page: both
  // must give the same pages.
  it.each([
    [{ q: 'heron' }],
    [{ q: 'heron', limit: 1 }],
    [{ q: 'heron', limit: 2 }],
    [{ q: 'marsh' }],
    [{ q: '"grey heron"' }],
    [{ q: 'heron -reeds' }],
    [{ q: 'heron', facets: { type: 'VIDEO' } }],
    [{ q: 'heron', types: ['creator' as const] }],
  ] as [Omit<SearchStatementInput, 'rows'> & { limit?: number }][])(
    'gives the same pages whether it walks or asks the text indexes: %o',
    async ({ limit = 20, ...query }) => {
      const pagesWith = async (walk: number) => {
        const pages: string[][] = [];
        let after: Parameters<typeof searchStatement>[0]['after'];
        for (;;) {
          const { text, values } = searchStatement({ ...query, rows: limit + 1, after, walk });
          const rows = await db.$queryRawUnsafe<SearchRow[]>(text, ...values);
          pages.push(rows.slice(0, limit).map((r) => r.entityId));
          const last = rows.length > limit ? rows[limit - 1] : undefined;
          if (!last) return pages;
          after = { tier: last.tier, version: last.version, id: last.id };
        }
      };

      const walked = await pagesWith(10_000);
      expect(await pagesWith(1)).toEqual(walked);
      expect(await pagesWith(0)).toEqual(walked);
    },
  );
});
