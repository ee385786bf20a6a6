import { checkEvents, trackViews } from '../analytics';
import { checkIndex, editAssets, queueAssetUpdates, seedCatalog } from '../catalog';
import {
  checkMail,
  createEmailedNotifications,
  deliveryStatuses,
  queueDeliveries,
  undelivered,
} from '../mailbox';
import { failedJobs, seconds, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const ASSETS = 1000;
const EMAILS = 500;
/** Page views tracked before the outage, and as many during it. */
const VIEWS = 500;
const OUTAGE_S = 60;
/** The promise: once PostgreSQL is back, the queues drain within this. */
const RECOVERY_BOUND_S = 120;

/**
 * Stop the suite's PostgreSQL for 60 s while search updates, emails and tracked events flow, and
 * keep producing during the outage. The worker pauses its queues instead of failing jobs: afterwards no job has
 * failed, everything is done, and each email arrived exactly once.
 */
export async function postgresOutage(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('postgres-outage');
  const world = await openWorld('postgres-outage', postgres);
  let restarted = false;
  try {
    const { db } = world.database;
    const assets = await seedCatalog(db, ASSETS);
    const notifications = await createEmailedNotifications(db, 'pgdown', EMAILS);
    // Edited before the outage (edits need the database); their updates are queued around it.
    await editAssets(db, assets, 1);
    const worker = await world.startWorker({ EMAIL_RATE_LIMIT_PER_SECOND: '50' });
    await worker.ready();

    const half = notifications.slice(0, EMAILS / 2);
    await queueAssetUpdates(world.client, assets.slice(0, ASSETS / 2));
    await queueDeliveries(world.client, half);
    const views = await trackViews(world.client, VIEWS);
    // Stop it while the work flows: some emails are out, most are not.
    const flowing = Date.now();
    while (world.smtp.total() < 50 && Date.now() - flowing < 60_000) await sleep(50);
    const sentBefore = world.smtp.total();
    await postgres.stop('fast');
    const down = Date.now();
    // Producers keep going during the outage: Redis is up.
    await queueAssetUpdates(world.client, assets.slice(ASSETS / 2));
    await queueDeliveries(world.client, notifications.slice(EMAILS / 2));
    views.push(...(await trackViews(world.client, VIEWS)));
    await sleep(Math.max(0, OUTAGE_S * 1000 - (Date.now() - down)));
    const failedDuringOutage = await failedJobs(world.client);
    const workerAlive = worker.alive();
    await postgres.start();
    restarted = true;
    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);

    const index = await checkIndex(db, assets);
    const mail = await checkMail(world.smtp, notifications, world.database.db);
    const notDelivered = await undelivered(
      db,
      notifications.map((n) => n.id),
    );
    const events = await checkEvents(db, views);
    const failed = await failedJobs(world.client);
    const statuses = await deliveryStatuses(db);
    report.figure('lost', index.stale + mail.lost + notDelivered + events.lost);
    report.figure('doubled', mail.doubled);
    report.figure('recovery_s', recovery);
    report.figure('outage_s', seconds(OUTAGE_S * 1000));
    report.figure('emails_before_outage', sentBefore);
    report.figure('search_stale', index.stale);
    report.figure('emails_received', world.smtp.total());
    report.figure('emails_lost', mail.lost);
    report.figure('undelivered', notDelivered);
    report.figure('events_tracked', views.length);
    report.figure('events_lost', events.lost);
    report.figure('events_unenriched', events.unenriched);
    report.figure('unconfirmed', statuses.UNCONFIRMED ?? 0);
    report.figure('failed_during_outage', failedDuringOutage);
    report.figure('failed_jobs', failed);
    report.expect(workerAlive, 'the worker exited during the outage');
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after PostgreSQL came back`);
    report.expect(failed === 0, `${failed} jobs failed for the outage`);
    report.expect(index.stale === 0, `${index.stale} search documents differ from the catalog`);
    // No worker dies here: nothing may be in doubt either.
    report.expect(mail.lost + mail.inDoubt === 0, `${mail.lost + mail.inDoubt} emails never arrived`);
    report.expect(mail.doubled === 0, `${mail.doubled} emails arrived more than once`);
    report.expect(notDelivered === 0, `${notDelivered} notifications not delivered`);
    report.expect(
      views.length === 2 * VIEWS,
      `${2 * VIEWS - views.length} events not acknowledged (Redis was up)`,
    );
    report.expect(events.lost === 0, `${events.lost} tracked events never stored`);
    report.expect(events.unenriched === 0, `${events.unenriched} stored events not enriched`);
  } finally {
    if (!restarted) await postgres.start().catch(() => {});
    await world.close();
  }
  return report;
}
