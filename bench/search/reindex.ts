// A full reindex through the real worker against the job's own SQL run raw over `pg`, into an
// EMPTY index (the first build) and into a CURRENT one (every weekly run: nothing to write, but
// every batch still reads its documents and removes orphans — where a batch that scans past its
// own range shows up as a walk that grows with the square of the catalog).
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { emptyIndex } from './raw-bulk';
import { rawReindex } from './raw-reindex.mjs';
import { reindexOnce, seededDatabase, withWorker } from './world';

/** `BENCH_SEARCH_ASSETS=1000000` for the platform's scale; the default keeps `pnpm bench` short. */
const ASSETS = Number(process.env.BENCH_SEARCH_ASSETS ?? 100_000);
const BATCH_SIZE = 500;

export async function searchReindex(): Promise<Row[]> {
  const database = await seededDatabase(ASSETS);
  try {
    const { db, url } = database;
    const ours = (client: Parameters<typeof reindexOnce>[0]) => timeIt(() => reindexOnce(client, BATCH_SIZE));
    const raw = () => timeIt(() => rawReindex(url, 'asset', BATCH_SIZE));
    const { empty, current } = await withWorker(database, async (client) => {
      const empty = await compare(
        3,
        async () => {
          await emptyIndex(db);
          return ours(client);
        },
        async () => {
          await emptyIndex(db);
          return raw();
        },
      );
      // Each side leaves the index current for the next: the same catalog, already indexed.
      await db.$executeRawUnsafe('VACUUM ANALYZE search_documents');
      const current = await compare(
        3,
        () => ours(client),
        () => raw(),
      );
      return { empty, current };
    });
    const size = ASSETS.toLocaleString('en-US');
    const row = (name: string, r: { ours: number; raw: number }): Row => ({
      name,
      ours: r.ours / 1000,
      raw: r.raw / 1000,
      unit: 's',
      lowerIsBetter: true,
      goal: 0.8,
    });
    return [
      row(`full reindex, ${size} assets, EMPTY index (time)`, empty),
      row(`full reindex, ${size} assets, CURRENT index (time)`, current),
    ];
  } finally {
    await database.drop();
  }
}
