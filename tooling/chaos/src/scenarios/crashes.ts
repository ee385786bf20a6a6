import { checkIndex, editAssets, queueAssetUpdates, seedCatalog } from '../catalog';
import {
  checkMail,
  createEmailedNotifications,
  deliveryStatuses,
  queueDeliveries,
  undelivered,
} from '../mailbox';
import { failedJobs, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const ASSETS = 1000;
const UPDATES = 2000;
const EMAILS = 500;
const ROUNDS = 20;
/** After these rounds of load the worker is SIGKILLed and started again. */
const KILL_AFTER_ROUNDS = new Set([3, 6, 9, 12, 15]);
/** The promise: after the last restart, everything queued is done within this. */
const RECOVERY_BOUND_S = 120;
/** The worker's SMTP connections (its default): what one kill can leave in doubt. */
const SMTP_POOL_SIZE = 5;

/**
 * SIGKILL the worker five times while 2,000 search updates and 500 notification emails flow.
 * Afterwards every edited asset's document matches the catalog, every notification is delivered,
 * every email arrived exactly once, and no job failed.
 */
export async function crashes(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('crashes');
  const world = await openWorld('crashes', postgres);
  try {
    const { db } = world.database;
    const assets = await seedCatalog(db, ASSETS);
    const notifications = await createEmailedNotifications(db, 'crash', EMAILS);
    const env = { EMAIL_RATE_LIMIT_PER_SECOND: '200' };
    let worker = await world.startWorker(env);
    await worker.ready();

    const edited = new Set<string>();
    let kills = 0;
    const perRound = UPDATES / ROUNDS;
    const emailsPerRound = EMAILS / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      // A stride through the catalog, so that later rounds edit assets edited before as well.
      const ids = Array.from({ length: perRound }, (_, k) => assets[(round * 337 + k * 7) % assets.length]!);
      await editAssets(db, ids, round);
      for (const id of await queueAssetUpdates(world.client, ids)) edited.add(id);
      await queueDeliveries(
        world.client,
        notifications.slice(round * emailsPerRound, (round + 1) * emailsPerRound),
      );
      await sleep(400);
      if (KILL_AFTER_ROUNDS.has(round)) {
        worker.signal('SIGKILL');
        await worker.exited;
        kills++;
        worker = await world.startWorker(env);
        await worker.ready();
      }
    }
    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);

    const index = await checkIndex(db, [...edited]);
    const mail = await checkMail(world.smtp, notifications, world.database.db);
    const notDelivered = await undelivered(
      db,
      notifications.map((n) => n.id),
    );
    const failed = await failedJobs(world.client);
    const statuses = await deliveryStatuses(db);
    const lost = index.stale + mail.lost + notDelivered;
    report.figure('lost', lost);
    report.figure('doubled', mail.doubled);
    report.figure('recovery_s', recovery);
    report.figure('kills', kills);
    report.figure('assets_checked', index.checked);
    report.figure('search_stale', index.stale);
    report.figure('emails_received', world.smtp.total());
    report.figure('emails_lost', mail.lost);
    report.figure('emails_in_doubt', mail.inDoubt);
    report.figure('undelivered', notDelivered);
    report.figure('unconfirmed', statuses.UNCONFIRMED ?? 0);
    report.figure('failed_jobs', failed);
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after the last restart`);
    report.expect(index.stale === 0, `${index.stale} search documents differ from the catalog`);
    report.expect(mail.lost === 0, `${mail.lost} emails never arrived and are not held in doubt`);
    // At most once: only what a connection had when the worker died may be in doubt.
    report.expect(
      mail.inDoubt <= kills * SMTP_POOL_SIZE,
      `${mail.inDoubt} emails in doubt, more than the ${kills * SMTP_POOL_SIZE} connections the kills interrupted`,
    );
    report.expect(mail.doubled === 0, `${mail.doubled} emails arrived more than once`);
    report.expect(notDelivered === 0, `${notDelivered} notifications not delivered`);
    report.expect(failed === 0, `${failed} jobs failed`);
  } finally {
    await world.close();
  }
  return report;
}
