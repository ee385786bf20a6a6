import { triggerUntilMidRun } from '../digest-run';
import {
  checkDigests,
  checkMail,
  createDigestUsers,
  deliveryStatuses,
  expectDigestsDelivered,
} from '../mailbox';
import { failedJobs, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const USERS = 6000;
const PER_USER = 2;
/** The run claims and queues 1,000 users a batch: six batches, reported one by one as progress. */
const BATCH = 1000;
/** The promise: after the last restart, every digest is out within this. */
const RECOVERY_BOUND_S = 180;
/** The worker's SMTP connections (its default): what one kill can leave in doubt. */
const SMTP_POOL_SIZE = 5;

/**
 * SIGKILL the worker in the middle of a digest run (after its first batch, before its last), and
 * again while the emails go out. The run's job comes back as stalled and its retry resumes:
 * afterwards every user got exactly one digest, every notification is in exactly one digest and
 * SENT (or in an email held in doubt), and no job failed.
 */
export async function digestCrash(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('digest-crash');
  const world = await openWorld('digest-crash', postgres);
  try {
    const { db } = world.database;
    const users = await createDigestUsers(db, 'digest', USERS, PER_USER);
    const env = { EMAIL_RATE_LIMIT_PER_SECOND: '400' };
    let worker = await world.startWorker(env);
    await worker.ready();
    let kills = 0;
    const killAndRestart = async () => {
      worker.signal('SIGKILL');
      await worker.exited;
      kills++;
      worker = await world.startWorker(env);
      await worker.ready();
    };

    // Killed once the run has reported a batch and before it reports the last.
    const midRun = await triggerUntilMidRun(world.client, USERS, BATCH);
    await killAndRestart();
    // Again while the emails go out.
    await sleep(3000);
    await killAndRestart();

    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);
    const mail = await checkMail(world.smtp, users, db);
    const digests = await checkDigests(db);
    const failed = await failedJobs(world.client);
    const statuses = await deliveryStatuses(db);
    report.figure('lost', mail.lost + digests.unsent);
    report.figure('doubled', mail.doubled);
    report.figure('recovery_s', recovery);
    report.figure('killed_mid_run', midRun ? 1 : 0);
    report.figure('emails_received', world.smtp.total());
    report.figure('emails_in_doubt', mail.inDoubt);
    report.figure('unconfirmed', statuses.UNCONFIRMED ?? 0);
    report.figure('failed_jobs', failed);
    report.expect(
      midRun,
      'the worker was not killed in the middle of the run (between its first and last batch)',
    );
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after the last restart`);
    expectDigestsDelivered(report, mail, digests, {
      bound: kills * SMTP_POOL_SIZE,
      what: 'connections the kills interrupted',
    });
    report.expect(failed === 0, `${failed} jobs failed`);
  } finally {
    await world.close();
  }
  return report;
}
