import { notificationDelivery } from '@yg/job-contracts';
import { notificationsModule } from '@yg/jobs-notifications/worker';
import { searchModule } from '@yg/jobs-search/worker';
import { type QueueClient, schedulesOf } from '@yg/queue-core';
import { editAssets, missingUpdates, queueAssetUpdates, seedCatalog } from '../catalog';
import {
  type ChaosNotification,
  checkMail,
  createEmailedNotifications,
  queueDeliveries,
  undelivered,
} from '../mailbox';
import { failedJobs, seconds, sleep, untilQueuesIdle } from '../queues';
import { ScenarioReport } from '../report';
import type { PostgresServer } from '../services/postgres-server';
import { openWorld, type World } from '../world';

const ASSETS = 1000;
const ROUNDS = 15;
const UPDATES_PER_ROUND = 60;
const EMAILS_PER_ROUND = 20;
/**
 * Redis is SIGKILLed after this round and started again (same AOF) after `RESTART_AFTER_ROUND`,
 * once it has been down `OUTAGE_S`: an outage as long as a failover or a host restart, long past
 * every lock, retry and reconnect delay.
 */
const KILL_AFTER_ROUND = 4;
const RESTART_AFTER_ROUND = 6;
const OUTAGE_S = 60;
/** Notifications queued (not yet run) when Redis then loses everything. */
const QUEUED_WHEN_WIPED = 100;
/** The promises after the wipe: schedules back within this, PENDING notifications sent within that. */
const SCHEDULES_BOUND_S = 30;
const SWEEP_BOUND_S = 120;
const RECOVERY_BOUND_S = 120;

/**
 * Redis under load, first with every write on disk before it answers (AOF, fsync always):
 * SIGKILL it, keep it down for a minute, start it again, and every enqueue a producer saw succeed
 * has its effect; the worker stays up and no job fails. Then Redis
 * comes back empty (no persistence): the worker restores the declared schedules, and
 * notifications still PENDING in PostgreSQL are queued again by the sweep and sent once.
 */
export async function redisRestart(postgres: PostgresServer): Promise<ScenarioReport> {
  const report = new ScenarioReport('redis-restart');
  const world = await openWorld('redis-restart', postgres, 'aof-always');
  try {
    const { db } = world.database;
    const assets = await seedCatalog(db, ASSETS);
    const notifications = await createEmailedNotifications(db, 'redis', ROUNDS * EMAILS_PER_ROUND);
    const worker = await world.startWorker({
      EMAIL_RATE_LIMIT_PER_SECOND: '200',
      // The sweep as an operator would tune it for a fast recovery; the default is every 5 min.
      NOTIFICATION_SWEEP_CRON: '* * * * *',
      NOTIFICATION_SWEEP_GRACE_MS: '5000',
    });
    await worker.ready();

    // Part 1: a crash of Redis with everything it acknowledged on disk.
    const acknowledged = new Map<string, Date>();
    const acknowledgedMail: ChaosNotification[] = [];
    let downAt = 0;
    let backAt = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const ids = Array.from(
        { length: UPDATES_PER_ROUND },
        (_, k) => assets[(round * 211 + k * 13) % assets.length]!,
      );
      const versions = await editAssets(db, ids, round);
      for (const id of await queueAssetUpdates(world.client, ids)) acknowledged.set(id, versions.get(id)!);
      const batch = notifications.slice(round * EMAILS_PER_ROUND, (round + 1) * EMAILS_PER_ROUND);
      acknowledgedMail.push(...(await queueDeliveries(world.client, batch)));
      await sleep(300);
      if (round === KILL_AFTER_ROUND) {
        await world.redis.kill();
        downAt = Date.now();
      }
      if (round === RESTART_AFTER_ROUND) {
        await sleep(downAt + OUTAGE_S * 1000 - Date.now());
        await world.redis.start({ persistence: 'aof-always' });
        backAt = Date.now();
      }
    }
    const recovery = await untilQueuesIdle(world.client, RECOVERY_BOUND_S);
    const notUpdated = await missingUpdates(db, acknowledged);
    const mail = await checkMail(world.smtp, acknowledgedMail, world.database.db);
    const notDelivered = await undelivered(
      db,
      acknowledgedMail.map((n) => n.id),
    );
    const failed = await failedJobs(world.client);
    report.figure('lost', notUpdated + mail.lost + notDelivered);
    report.figure('doubled', (await checkMail(world.smtp, notifications, world.database.db)).doubled);
    report.figure('recovery_s', recovery);
    report.figure('redis_down_s', seconds(backAt - downAt));
    report.figure('updates_acknowledged', acknowledged.size);
    report.figure('emails_acknowledged', acknowledgedMail.length);
    report.figure('search_missing', notUpdated);
    report.figure('emails_lost', mail.lost);
    report.figure('failed_jobs', failed);
    report.expect(recovery !== undefined, `queues not idle ${RECOVERY_BOUND_S} s after the load`);
    report.expect(notUpdated === 0, `${notUpdated} acknowledged search updates never reached the index`);
    report.expect(
      mail.lost + mail.inDoubt === 0,
      `${mail.lost + mail.inDoubt} acknowledged emails never arrived`,
    );
    report.expect(mail.doubled === 0, `${mail.doubled} emails arrived more than once`);
    report.expect(notDelivered === 0, `${notDelivered} acknowledged notifications not delivered`);
    report.expect(failed === 0, `${failed} jobs failed`);
    report.expect(worker.alive(), `the worker exited while Redis was down for ${OUTAGE_S} s`);

    // Part 2: Redis loses everything. Jobs queued for later stand for any work still in Redis.
    const wiped = await createEmailedNotifications(db, 'wiped', QUEUED_WHEN_WIPED);
    for (const n of wiped) {
      await world.client.enqueue(notificationDelivery, { notificationId: n.id }, { delay: 10 * 60_000 });
    }
    await world.redis.kill();
    await world.redis.start({ persistence: 'none', fresh: true });
    const wipedAt = Date.now();
    const schedulesBack = await untilSchedulesBack(world.client, SCHEDULES_BOUND_S);
    // Every notification the database says is still to be sent: those queued before the wipe, and
    // those whose enqueue failed while Redis was down in part 1.
    const pending = [...wiped, ...notifications.filter((n) => !acknowledgedMail.includes(n))];
    const swept = await untilSent(world, pending, SWEEP_BOUND_S, wipedAt);
    const afterWipe = await checkMail(world.smtp, pending, world.database.db);
    report.figure('schedules_back_s', schedulesBack);
    report.figure('pending_after_wipe', pending.length);
    report.figure('sweep_s', swept);
    report.figure('lost_after_wipe', afterWipe.lost);
    report.figure('doubled_after_wipe', afterWipe.doubled);
    report.expect(worker.alive(), 'the worker exited while Redis restarted');
    report.expect(
      schedulesBack !== undefined,
      `declared schedules not back ${SCHEDULES_BOUND_S} s after Redis lost them`,
    );
    report.expect(
      swept !== undefined,
      `${afterWipe.lost} of ${pending.length} PENDING notifications not emailed ${SWEEP_BOUND_S} s after Redis lost their jobs (no sweep queued them again)`,
    );
    report.expect(
      afterWipe.doubled === 0,
      `${afterWipe.doubled} emails arrived more than once after the wipe`,
    );
  } finally {
    await world.close();
  }
  return report;
}

/** Seconds until every declared schedule is a job scheduler in Redis again, or undefined. */
async function untilSchedulesBack(client: QueueClient, boundS: number): Promise<number | undefined> {
  const declared = [...schedulesOf(notificationsModule), ...schedulesOf(searchModule)];
  const started = Date.now();
  while (Date.now() - started < boundS * 1000) {
    const present = await Promise.all(
      declared.map(async ({ id, schedule }) => {
        const schedulers = await client.queue(schedule.contract.queue).getJobSchedulers(0, -1);
        return schedulers.some((s) => s.key === id || s.id === id);
      }),
    ).catch(() => [false]);
    if (present.every(Boolean)) return seconds(Date.now() - started);
    await sleep(200);
  }
  return undefined;
}

/** Seconds from `since` until each notification's email arrived, or undefined after `boundS`. */
async function untilSent(
  world: World,
  notifications: readonly ChaosNotification[],
  boundS: number,
  since: number,
): Promise<number | undefined> {
  while (Date.now() - since < boundS * 1000) {
    if ((await checkMail(world.smtp, notifications, world.database.db)).lost === 0)
      return seconds(Date.now() - since);
    await sleep(250);
  }
  return undefined;
}
