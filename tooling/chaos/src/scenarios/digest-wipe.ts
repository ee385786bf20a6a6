import { triggerUntilMidRun } from '../digest-run';
import {
  checkDigests,
  checkMail,
  createDigestUsers,
  deliveryStatuses,
  expectDigestsDelivered,
  type InDoubtStatuses,
} from '../mailbox';
import { failedJobs, queuesIdle, seconds, sleep } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const USERS = 6000;
const PER_USER = 2;
/** The run claims and queues 1,000 users a batch, reported one by one as progress. */
const BATCH = 1000;
/** The sweep every minute (as an operator tunes it for a fast recovery), then the resumed run. */
const RECOVERY_BOUND_S = 240;
/** The worker's SMTP connections (its default): what the kill can leave in doubt. */
const SMTP_POOL_SIZE = 5;
/**
 * No job comes back to an email a connection had when the worker died (Redis lost it): its row
 * stays SENDING until the sweep's 30-minute grace marks it UNCONFIRMED. Either way it is in doubt.
 */
const IN_DOUBT: InDoubtStatuses = ['SENDING', 'UNCONFIRMED'];

/**
 * The host of a worker and a Redis without persistence goes down in the middle of a digest run
 * (after its first batch, before its last): the worker is SIGKILLed and Redis comes back empty,
 * with neither the run's job nor the email jobs it had queued. PostgreSQL records the run as
 * started and not finished, so the sweep resumes it in its period: every user still gets exactly
 * one digest, in minutes rather than at the next period's run, and no job fails.
 */
export async function digestWipe(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('digest-wipe');
  const world = await openWorld('digest-wipe', postgres);
  try {
    const { db } = world.database;
    const users = await createDigestUsers(db, 'wipe', USERS, PER_USER);
    const env = {
      EMAIL_RATE_LIMIT_PER_SECOND: '400',
      NOTIFICATION_SWEEP_CRON: '* * * * *',
      NOTIFICATION_SWEEP_GRACE_MS: '5000',
    };
    const worker = await world.startWorker(env);
    await worker.ready();

    const midRun = await triggerUntilMidRun(world.client, USERS, BATCH);
    worker.signal('SIGKILL');
    await world.redis.kill();
    await worker.exited;
    await world.redis.start({ persistence: 'none', fresh: true });
    const backAt = Date.now();
    const restarted = await world.startWorker(env);
    await restarted.ready();

    let recovery: number | undefined;
    while (Date.now() - backAt < RECOVERY_BOUND_S * 1000) {
      const mail = await checkMail(world.smtp, users, db, IN_DOUBT);
      if (mail.lost === 0 && (await queuesIdle(world.client))) {
        recovery = seconds(Date.now() - backAt);
        break;
      }
      await sleep(1000);
    }
    const mail = await checkMail(world.smtp, users, db, IN_DOUBT);
    const digests = await checkDigests(db, IN_DOUBT);
    const failed = await failedJobs(world.client);
    const statuses = await deliveryStatuses(db);
    report.figure('lost', mail.lost + digests.unsent);
    report.figure('doubled', mail.doubled);
    report.figure('recovery_s', recovery);
    report.figure('killed_mid_run', midRun ? 1 : 0);
    report.figure('emails_received', world.smtp.total());
    report.figure('emails_in_doubt', mail.inDoubt);
    report.figure('sending', statuses.SENDING ?? 0);
    report.figure('failed_jobs', failed);
    report.expect(
      midRun,
      'the worker was not killed in the middle of the run (between its first and last batch)',
    );
    report.expect(
      recovery !== undefined,
      `digests still missing ${RECOVERY_BOUND_S} s after Redis came back empty (the run was not resumed)`,
    );
    expectDigestsDelivered(report, mail, digests, {
      bound: SMTP_POOL_SIZE,
      what: 'connections the kill interrupted',
    });
    report.expect(failed === 0, `${failed} jobs failed`);
    report.expect(restarted.alive(), 'the worker exited after Redis came back empty');
  } finally {
    await world.close();
  }
  return report;
}
