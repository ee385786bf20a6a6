import { emailSend } from '@yg/job-contracts';
import {
  checkMail,
  createEmailedNotifications,
  deliveryStatuses,
  queueDeliveries,
  undelivered,
} from '../mailbox';
import { activeJobs, failedJobs, seconds, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld } from '../world';

const EMAILS = 60;
/** The SMTP server sits this long on every message before it answers. */
const SMTP_DELAY_MS = 2000;
const SHUTDOWN_TIMEOUT_MS = 8000;
/**
 * The promise: exit 0 within SHUTDOWN_TIMEOUT_MS, plus this for closing connections and the
 * process's own exit (the CLI leaves it a second to flush).
 */
const EXIT_ALLOWANCE_MS = 3000;
const RECOVERY_BOUND_S = 120;

/**
 * SIGTERM while about 50 emails are in flight to an SMTP server that takes 2 s per message (five
 * pooled connections: most of them wait for one). The worker exits 0 within its shutdown
 * timeout; after a restart every email has arrived exactly once.
 */
export async function slowSmtpShutdown(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('slow-smtp-shutdown');
  const world = await openWorld('slow-smtp-shutdown', postgres);
  try {
    const { db } = world.database;
    const notifications = await createEmailedNotifications(db, 'slow', EMAILS);
    world.smtp.delayMs = SMTP_DELAY_MS;
    const env = { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), EMAIL_RATE_LIMIT_PER_SECOND: '500' };
    const worker = await world.startWorker(env);
    await worker.ready();
    await queueDeliveries(world.client, notifications);

    // In flight: the first messages have arrived, the other email jobs run or wait for a connection.
    const started = Date.now();
    while (world.smtp.total() === 0 && Date.now() - started < 60_000) await sleep(50);
    const inFlight = await activeJobs(world.client, emailSend.queue);
    const stopAt = Date.now();
    worker.signal('SIGTERM');
    const bound = SHUTDOWN_TIMEOUT_MS + EXIT_ALLOWANCE_MS;
    const exit = await Promise.race([worker.exited, sleep(bound + 30_000).then(() => undefined)]);
    const exitMs = Date.now() - stopAt;
    if (!exit) worker.signal('SIGKILL');
    const receivedAtStop = world.smtp.total();

    world.smtp.delayMs = 100;
    const restarted = await world.startWorker(env);
    await restarted.ready();
    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);
    const mail = await checkMail(world.smtp, notifications, world.database.db);
    const notDelivered = await undelivered(
      db,
      notifications.map((n) => n.id),
    );
    const failed = await failedJobs(world.client);
    const statuses = await deliveryStatuses(db);
    report.figure('lost', mail.lost + notDelivered);
    report.figure('doubled', mail.doubled);
    report.figure('recovery_s', recovery);
    report.figure('in_flight', inFlight);
    report.figure('exit_code', exit ? (exit.code ?? exit.signal ?? 'none') : 'hung');
    report.figure('exit_s', seconds(exitMs));
    report.figure('exit_bound_s', seconds(bound));
    report.figure('received_by_exit', receivedAtStop);
    report.figure('emails_received', world.smtp.total());
    report.figure('unconfirmed', statuses.UNCONFIRMED ?? 0);
    report.figure('failed_jobs', failed);
    report.expect(
      exit?.code === 0,
      `the worker did not exit 0 after SIGTERM (${exit?.code ?? exit?.signal ?? 'hung'})`,
    );
    report.expect(
      exitMs <= bound,
      `the worker took ${seconds(exitMs)} s to exit (bound ${seconds(bound)} s)`,
    );
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after the restart`);
    // No worker dies here: nothing may be in doubt either.
    report.expect(mail.lost + mail.inDoubt === 0, `${mail.lost + mail.inDoubt} emails never arrived`);
    report.expect(mail.doubled === 0, `${mail.doubled} emails arrived more than once`);
    report.expect(notDelivered === 0, `${notDelivered} notifications not delivered`);
    report.expect(failed === 0, `${failed} jobs failed`);
  } finally {
    await world.close();
  }
  return report;
}
