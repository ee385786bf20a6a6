import { notificationDelivery } from '@yg/job-contracts';
import { createSilentNotifications, deliveryStatuses } from '../mailbox';
import { failedJobs, seconds, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const JOBS = 100_000;
/** Jobs run before the memory baseline is taken: start-up and warm-up are not growth. */
const WARM_UP = 10_000;
/** Jobs added at once; the next batch waits until the backlog is below one batch. */
const BATCH = 5_000;
/** The promise: resident memory after every job is at most this many times the warm baseline. */
const RSS_GROWTH_BOUND = 1.5;
const DRAIN_BOUND_S = 600;

/**
 * 100,000 notification deliveries for users who never want email (read, decide, publish, mark
 * delivered: the cheapest real job) through one worker: all done, none failed, and the worker's
 * resident memory at the end within 1.5× of what it was after the first 10,000.
 */
export async function soak(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('soak');
  const world = await openWorld('soak', postgres);
  try {
    const { db } = world.database;
    const ids = await createSilentNotifications(db, 'soak', JOBS);
    // Concurrency as a production deployment of this queue would set it for throughput.
    const worker = await world.startWorker({ WORKER_CONCURRENCY_NOTIFICATION_DELIVERY: '50' });
    await worker.ready();
    const rssIdle = await worker.rssMiB();
    const queue = world.client.queue(notificationDelivery);

    const started = Date.now();
    let rssWarm: number | undefined;
    let rssPeak = rssIdle;
    let queued = 0;
    while (Date.now() - started < DRAIN_BOUND_S * 1000) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      const backlog = (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
      // Completed jobs are not kept (bounded retention): what left the backlog is done.
      const done = queued - backlog;
      const rss = await worker.rssMiB();
      rssPeak = Math.max(rssPeak, rss);
      if (rssWarm === undefined && done >= WARM_UP) rssWarm = rss;
      if (queued < JOBS && backlog < BATCH) {
        const batch = ids.slice(queued, queued + BATCH).map((notificationId) => ({ notificationId }));
        await world.client.enqueueBulk(notificationDelivery, batch);
        queued += batch.length;
      } else if (queued >= JOBS && backlog === 0) {
        break;
      }
      await sleep(200);
    }
    const drained = await untilQueuesIdle(world.client, 30);
    const tookS = seconds(Date.now() - started);
    const rssEnd = await worker.rssMiB();
    const [row] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM notifications WHERE delivered_at IS NULL`;
    const notDelivered = row?.n ?? 0;
    const failed = await failedJobs(world.client);
    const emails = Object.values(await deliveryStatuses(db)).reduce((a, b) => a + b, 0);
    const bound = (rssWarm ?? rssIdle) * RSS_GROWTH_BOUND;
    report.figure('lost', notDelivered);
    report.figure('doubled', world.smtp.total() + emails);
    report.figure('jobs', queued);
    report.figure('took_jobs_s', tookS);
    report.figure('jobs_per_s', Math.round(queued / Math.max(tookS, 0.1)));
    report.figure('rss_idle_mib', rssIdle);
    report.figure('rss_start_mib', rssWarm);
    report.figure('rss_peak_mib', rssPeak);
    report.figure('rss_end_mib', rssEnd);
    report.figure('rss_bound_mib', Math.round(bound));
    report.figure('failed_jobs', failed);
    report.expect(queued === JOBS && drained !== undefined, `not every job ran within ${DRAIN_BOUND_S} s`);
    report.expect(notDelivered === 0, `${notDelivered} notifications not delivered`);
    report.expect(world.smtp.total() + emails === 0, 'an email went to a user who never wants one');
    report.expect(failed === 0, `${failed} jobs failed`);
    report.expect(rssWarm !== undefined, 'no memory baseline: the warm-up never finished');
    report.expect(
      rssEnd <= bound,
      `worker RSS grew from ${rssWarm} MiB to ${rssEnd} MiB (bound ${RSS_GROWTH_BOUND}×: ${Math.round(bound)} MiB)`,
    );
  } finally {
    await world.close();
  }
  return report;
}
