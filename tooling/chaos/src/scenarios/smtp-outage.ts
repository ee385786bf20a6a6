import { triggerDigestManually } from '@yg/jobs-notifications';
import {
  checkDigests,
  checkMail,
  createDigestUsers,
  deliveryStatuses,
  expectDigestsDelivered,
} from '../mailbox';
import { failedJobs, seconds, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const USERS = 3000;
const PER_USER = 2;
/** The server crashes once this many digests are out: the run is sending, most of it is not. */
const CRASH_AFTER = 300;
const OUTAGE_S = 60;
/** The promise: once the server is back, every digest is out within this. */
const RECOVERY_BOUND_S = 120;
/** The worker's SMTP connections (its default): what one crash of the server can leave in doubt. */
const SMTP_POOL_SIZE = 5;

/**
 * The SMTP server crashes in the middle of a digest run and stays down for a minute: the
 * connections are cut mid-message, and nothing listens. The run itself needs only PostgreSQL and
 * Redis, so it finishes during the outage; its emails wait in the queue without spending their
 * attempts. Afterwards every user got exactly one digest (or holds one in doubt, cut while on a
 * connection), every notification is SENT or in that doubt, and no job failed.
 */
export async function smtpOutage(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('smtp-outage');
  const world = await openWorld('smtp-outage', postgres);
  try {
    const { db } = world.database;
    const users = await createDigestUsers(db, 'smtpdown', USERS, PER_USER);
    const worker = await world.startWorker({ EMAIL_RATE_LIMIT_PER_SECOND: '400' });
    await worker.ready();

    const { jobId } = await triggerDigestManually('DAILY', { client: world.client });
    const flowing = Date.now();
    while (world.smtp.total() < CRASH_AFTER && Date.now() - flowing < 60_000) await sleep(20);
    const sentBefore = world.smtp.total();
    await world.smtp.crash();
    const down = Date.now();
    await sleep(OUTAGE_S * 1000);
    const runState = await (await world.client.queue('notification-digest').getJob(jobId))?.getState();
    const failedDuringOutage = await failedJobs(world.client);
    const receivedDuringOutage = world.smtp.total() - sentBefore;
    const workerAlive = worker.alive();
    await world.smtp.restart();
    const back = Date.now();
    const waitingAtRestart = USERS - world.smtp.total();
    while (
      world.smtp.total() === sentBefore + receivedDuringOutage &&
      Date.now() - back < RECOVERY_BOUND_S * 1000
    ) {
      await sleep(50);
    }
    const firstAfterS = seconds(Date.now() - back);
    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);

    const mail = await checkMail(world.smtp, users, db);
    const digests = await checkDigests(db);
    const failed = await failedJobs(world.client);
    const statuses = await deliveryStatuses(db);
    report.figure('outage_s', seconds(back - down));
    report.figure('sent_before', sentBefore);
    report.figure('waiting_at_restart', waitingAtRestart);
    report.figure('run_during_outage', runState);
    report.figure('first_after_s', firstAfterS);
    report.figure('recovery_s', recovery);
    report.figure('lost', mail.lost + digests.unsent);
    report.figure('doubled', mail.doubled);
    report.figure('emails_in_doubt', mail.inDoubt);
    report.figure('unconfirmed', statuses.UNCONFIRMED ?? 0);
    report.figure('failed_during_outage', failedDuringOutage);
    report.figure('failed_jobs', failed);
    report.expect(sentBefore >= CRASH_AFTER, `only ${sentBefore} digests were out when the server crashed`);
    report.expect(waitingAtRestart > 0, 'every digest was out before the server came back: nothing waited');
    report.expect(
      receivedDuringOutage === 0,
      `${receivedDuringOutage} emails arrived while nothing listened`,
    );
    report.expect(workerAlive, 'the worker died during the outage');
    report.expect(runState === 'completed', `the digest run was ${runState} after a minute without SMTP`);
    report.expect(failedDuringOutage === 0, `${failedDuringOutage} jobs failed during the outage`);
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after the server came back`);
    expectDigestsDelivered(report, mail, digests, {
      bound: SMTP_POOL_SIZE,
      what: 'connections the crash cut',
    });
    report.expect(failed === 0, `${failed} jobs failed`);
  } finally {
    await world.close();
  }
  return report;
}
