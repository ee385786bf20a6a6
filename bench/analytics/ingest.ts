// Ingest: events/s from `trackEvents` through Redis and the worker into PostgreSQL (until every
// event is a row), against a raw batched insert of the same rows (multi-row INSERT … VALUES of
// 500 rows over one `pg` connection).
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { type TrackEventInput, trackEvents } from '@yg/jobs-analytics';
import pg from 'pg';
import { analyticsDatabase, startWorker, USER_AGENTS, yesterday } from './world';

const EVENTS = Number(process.env.ANALYTICS_BENCH_INGEST ?? 50_000);
const TYPES = ['VIEW', 'VIEW', 'VIEW', 'CLICK', 'CLICK', 'DOWNLOAD', 'LICENSE_PURCHASE'] as const;

export async function analyticsIngest(): Promise<Row[]> {
  const database = await analyticsDatabase();
  const { db } = database;
  const assets = (await db.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM ip_assets')).map((r) => r.id);
  const day = yesterday(1);
  let round = 0;
  const events = (): TrackEventInput[] => {
    round++;
    return Array.from({ length: EVENTS }, (_, n) => ({
      eventId: `bench-${round}-${n}`,
      type: TYPES[n % TYPES.length]!,
      occurredAt: `${day}T${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00Z`,
      assetId: assets[n % assets.length]!,
      ...(n % 3 === 0 ? { userId: `user-${n % 5000}` } : { sessionId: `session-${n % 20000}` }),
      userAgent: USER_AGENTS[n % USER_AGENTS.length]!,
      referrer: `https://ref${n % 50}.example.com/p`,
      ...(TYPES[n % TYPES.length] === 'LICENSE_PURCHASE' ? { revenueCents: 500 } : {}),
    }));
  };
  const stored = async () =>
    (await db.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM analytics_events'))[0]!.n;
  const raw = new pg.Client({ connectionString: database.url });
  await raw.connect();
  const worker = await startWorker(database);
  try {
    const perSecond = (ms: number) => EVENTS / (ms / 1000);
    const reset = async () => {
      await worker.idle();
      await db.$executeRawUnsafe('TRUNCATE analytics_events');
    };
    const result = await compare(
      3,
      async () => {
        await reset();
        const batch = events();
        const ms = await timeIt(async () => {
          await trackEvents(batch, { client: worker.client });
          while ((await stored()) < EVENTS) await new Promise((resolve) => setTimeout(resolve, 10));
        });
        return perSecond(ms);
      },
      async () => {
        await reset();
        const batch = events();
        return perSecond(await timeIt(() => rawInsert(raw, batch)));
      },
    );
    return [
      {
        name: `ingest ${EVENTS.toLocaleString('en-US')} events: trackEvents + worker vs raw batched INSERT`,
        ours: result.ours,
        raw: result.raw,
        unit: 'events/s',
        goal: 0.7,
      },
    ];
  } finally {
    await worker.stop();
    await raw.end();
    await database.drop();
  }
}

/** The baseline: multi-row INSERT … VALUES, 500 rows a statement, the same columns. */
async function rawInsert(client: pg.Client, events: readonly TrackEventInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const params: unknown[] = [];
    const rows = events.slice(i, i + 500).map((e) => {
      const p = params.push(
        e.eventId,
        e.type,
        e.assetId ?? null,
        e.userId ?? null,
        e.sessionId ?? null,
        e.occurredAt,
        e.userAgent ?? null,
        e.referrer ?? null,
        e.revenueCents ?? null,
      );
      const at = p - 9;
      return `($${at + 1}, $${at + 2}::analytics_event_type, $${at + 3}, $${at + 4}, $${at + 5},
               $${at + 6}::timestamptz AT TIME ZONE 'UTC', $${at + 7}, $${at + 8}, $${at + 9}::int)`;
    });
    await client.query(
      `INSERT INTO analytics_events (client_event_id, type, ip_asset_id, user_id, session_id, occurred_at,
                                     user_agent, referrer, revenue_cents)
       VALUES ${rows.join(',')} ON CONFLICT (client_event_id) DO NOTHING`,
      params,
    );
  }
}
