// Enrichment: events/s of the hourly sweep through the worker (enqueue → completed) against a raw
// loop over the same rows: read 1,000 unenriched rows, parse each agent with bowser, write them
// back with one multi-row UPDATE … FROM (VALUES …). The raw loop parses every row; the sweep parses
// each distinct agent once (it remembers recent ones), which is most of the difference.
import { compare, type Row, timeIt } from '@yg/bench-harness';
import { analyticsEnrichment } from '@yg/job-contracts';
import Bowser from 'bowser';
import pg from 'pg';
import { analyticsDatabase, completed, generateEvents, startWorker, yesterday } from './world';

const EVENTS = Number(process.env.ANALYTICS_BENCH_ENRICH ?? 100_000);

export async function analyticsEnrichmentSweep(): Promise<Row[]> {
  const database = await analyticsDatabase();
  const { db } = database;
  await generateEvents(database, yesterday(1), EVENTS);
  const raw = new pg.Client({ connectionString: database.url });
  await raw.connect();
  const worker = await startWorker(database);
  try {
    const reset = async () => {
      await worker.idle();
      await db.$executeRawUnsafe(
        `UPDATE analytics_events SET device_type = NULL, browser = NULL, os = NULL, referrer_host = NULL, enriched_at = NULL`,
      );
      await db.$executeRawUnsafe('VACUUM ANALYZE analytics_events');
    };
    const perSecond = (ms: number) => EVENTS / (ms / 1000);
    const result = await compare(
      3,
      async () => {
        await reset();
        const { jobId } = await worker.client.enqueue(analyticsEnrichment, {});
        return perSecond(await timeIt(() => completed(worker, analyticsEnrichment.queue, jobId)));
      },
      async () => {
        await reset();
        return perSecond(await timeIt(() => rawEnrich(raw)));
      },
    );
    return [
      {
        name: `enrich ${EVENTS.toLocaleString('en-US')} events: sweep job vs raw parse + UPDATE`,
        ours: result.ours,
        raw: result.raw,
        unit: 'events/s',
        goal: 0.8,
      },
    ];
  } finally {
    await worker.stop();
    await raw.end();
    await database.drop();
  }
}

async function rawEnrich(client: pg.Client): Promise<void> {
  for (;;) {
    // The same reads as the sweep's, so the two differ only in how they parse and write.
    const { rows } = await client.query<{ id: string; user_agent: string | null; referrer: string | null }>(
      'SELECT id::text AS id, user_agent, referrer FROM analytics_events WHERE enriched_at IS NULL LIMIT 1000',
    );
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const values = rows.map((row) => {
      const parsed = row.user_agent ? Bowser.parse(row.user_agent) : undefined;
      let host: string | null = null;
      try {
        host = row.referrer ? new URL(row.referrer).hostname : null;
      } catch {}
      const p = params.push(
        row.id,
        parsed?.platform.type || 'unknown',
        parsed?.browser.name || null,
        parsed?.os.name || null,
        host,
      );
      return `($${p - 4}::bigint, $${p - 3}, $${p - 2}, $${p - 1}, $${p})`;
    });
    await client.query(
      `UPDATE analytics_events e SET device_type = v.d, browser = v.b, os = v.o, referrer_host = v.h,
              enriched_at = now() AT TIME ZONE 'UTC'
         FROM (VALUES ${values.join(',')}) AS v(id, d, b, o, h) WHERE e.id = v.id`,
      params,
    );
  }
}
