// Search queries as a marketplace search box sends them, at the platform's scale: `searchDocuments`
// (validation, Prisma, the page and its cursor) against the same statement over a plain `pg`
// connection, first pages and second pages alike.
import { median, type Row } from '@yg/bench-harness';
import { createDb } from '@yg/db';
import type { TestDatabase } from '@yg/db/testing';
import { type SearchQuery, searchDocuments } from '@yg/jobs-search';
import { type SearchRow, type SearchStatementInput, searchStatement } from '@yg/jobs-search/worker';
import pg from 'pg';
import { rawReindex } from './raw-reindex.mjs';
import { seededDatabase } from './world';

/**
 * 100,000 assets, then the platform's scale (seeding and indexing a million take minutes);
 * `BENCH_SEARCH_QUERY_ASSETS` for one size of your own.
 */
const SIZES = process.env.BENCH_SEARCH_QUERY_ASSETS
  ? [Number(process.env.BENCH_SEARCH_QUERY_ASSETS)]
  : [100_000, 1_000_000];
/** An already seeded and indexed database to query instead of seeding one (it is left as it is). */
const DATABASE_URL = process.env.BENCH_SEARCH_DATABASE_URL;
// Even, so that each side runs every query first as often as second: the first to run a query reads
// its pages from disk more often (a million documents' indexes do not fit in shared_buffers), and
// with three rounds ours went first in two.
const ROUNDS = 4;
const LIMIT = 20;
const TARGET_P99_MS = 100;

type Query = Pick<SearchQuery, 'q' | 'types' | 'facets'>;

// Fifty queries over the seed's vocabulary: common single words (each in 5–15% of documents),
// pairs, phrases, exclusions, `or`, words found only in bodies (tags, types), filters, rare terms
// (asset numbers) and words that match nothing.
export const QUERIES: Query[] = [
  ...[
    'portrait',
    'river',
    'city',
    'garden',
    'ocean',
    'mountain',
    'shadow',
    'lantern',
    'desert',
    'festival',
  ].map((q) => ({ q })),
  ...['golden', 'neon', 'midnight', 'velvet', 'frozen'].map((q) => ({ q })),
  ...['travel', 'vintage', 'cinematic', 'architecture', 'ambient'].map((q) => ({ q })),
  ...['golden river', 'neon city', 'silent forest', 'midnight harbor', 'wild ocean'].map((q) => ({ q })),
  { q: '"crimson garden"' },
  { q: '"lunar echo"' },
  { q: 'portrait -golden' },
  { q: 'river -video' },
  { q: 'canyon or desert' },
  { q: 'lantern or festival' },
  { q: 'video' },
  { q: 'audio shadow' },
  { q: 'image of a bright window' },
  { q: 'document' },
  { q: 'portrait', facets: { status: 'PUBLISHED' } },
  { q: 'river', types: ['asset'] },
  { q: 'ocean', facets: { type: 'VIDEO' } },
  { q: 'dream', facets: { tags: ['travel'] } },
  { q: 'golden river travel' },
  { q: 'neon street music' },
  { q: 'silent mountain nature' },
  { q: '4242' },
  { q: '77777' },
  { q: 'hidden echo 31337' },
  { q: 'garden 99999' },
  { q: 'kestrel' },
  { q: 'zebra crossing' },
  { q: 'bright' },
  { q: 'painted machine' },
  { q: 'coastal' },
  { q: 'restless signal' },
];

export async function searchQueries(): Promise<Row[]> {
  if (DATABASE_URL) return queryDatabase(DATABASE_URL);
  const rows: Row[] = [];
  for (const assets of SIZES) {
    const database = await indexedDatabase(assets);
    try {
      rows.push(...(await queryDatabase(database.url)));
    } finally {
      await database.drop();
    }
  }
  return rows;
}

async function queryDatabase(url: string): Promise<Row[]> {
  const db = createDb({ url, poolSize: 1 });
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  try {
    const [{ n }] = (await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM search_documents'))
      .rows as [{ n: number }];
    const ours = async (query: Query, cursor?: string) => {
      const started = performance.now();
      const page = await searchDocuments({ ...query, limit: LIMIT, ...(cursor ? { cursor } : {}) }, { db });
      return { ms: performance.now() - started, next: page.nextCursor ?? undefined };
    };
    const plain = async (query: Query, after?: SearchStatementInput['after']) => {
      const started = performance.now();
      const statement = searchStatement({ ...query, rows: LIMIT + 1, after });
      const { rows } = await raw.query<SearchRow>(statement.text, statement.values);
      const last = rows.length > LIMIT ? rows[LIMIT - 1] : undefined;
      return {
        ms: performance.now() - started,
        next: last && { tier: last.tier, version: last.version, id: last.id },
      };
    };
    // One warm-up pass a side: the first pages of a fresh connection plan and read cold.
    for (const query of QUERIES) {
      await ours(query);
      await plain(query);
    }
    const timings = { ours: [] as number[], raw: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of QUERIES) {
        const sides = [
          async () => {
            const first = await ours(query);
            const second = first.next ? await ours(query, first.next) : undefined;
            timings.ours.push(first.ms, ...(second ? [second.ms] : []));
          },
          async () => {
            const first = await plain(query);
            const second = first.next ? await plain(query, first.next) : undefined;
            timings.raw.push(first.ms, ...(second ? [second.ms] : []));
          },
        ];
        if (round % 2 === 1) sides.reverse();
        for (const side of sides) await side();
      }
    }
    const docs = n.toLocaleString('en-US');
    const requests = `${QUERIES.length} queries × ${ROUNDS}, pages 1 and 2`;
    const p99 = percentile(timings.ours, 0.99);
    return [
      row(`search p50, ${docs} documents (${requests})`, median(timings.ours), median(timings.raw), 0.9),
      row(`search p99, ${docs} documents`, p99, percentile(timings.raw, 0.99), 0.9),
      // The raw column here is the target, not a baseline: a ratio ≥ 1 means p99 ≤ 100 ms.
      row(`search p99 (ours) vs the ${TARGET_P99_MS} ms target`, p99, TARGET_P99_MS, 1),
    ];
  } finally {
    await raw.end();
    await db.$disconnect();
  }
}

function row(name: string, ours: number, raw: number, goal: number): Row {
  return { name, ours, raw, unit: 'ms', lowerIsBetter: true, goal };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function indexedDatabase(assets: number): Promise<TestDatabase> {
  const database = await seededDatabase(assets);
  await rawReindex(database.url, 'asset', 500);
  await database.db.$executeRawUnsafe('VACUUM ANALYZE search_documents');
  return database;
}
