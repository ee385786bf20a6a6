import type { JobContract } from '@yg/job-contracts';
import type { JobSchedulerTemplateOptions } from 'bullmq';
import type { ScheduleDefinition } from './job-module';
import { type Logger, silentLogger } from './logger';
import type { QueueClient } from './queue-client';

export interface ScheduleSyncResult {
  upserted: string[];
  removed: string[];
}

/** A schedule with the scheduler id it is registered under. */
export interface NamedSchedule {
  id: string;
  schedule: ScheduleDefinition;
}

/**
 * Makes the job schedulers of the given queues exactly the declared ones: each declared schedule
 * is upserted (atomic in Redis, so several instances starting at once still leave one scheduler
 * per id), and schedulers on the queues of `owned` that are no longer declared are removed.
 */
export async function syncSchedules(
  client: QueueClient,
  schedules: readonly NamedSchedule[],
  owned: readonly JobContract[],
  logger: Logger,
): Promise<ScheduleSyncResult> {
  const contractOf = new Map(owned.map((c) => [c.queue, c]));
  const declared = new Map<string, Set<string>>(owned.map((c) => [c.queue, new Set()]));
  const upserted: string[] = [];
  for (const { id, schedule } of schedules) {
    const { contract, pattern } = schedule;
    contractOf.set(contract.queue, contract);
    const ids = declared.get(contract.queue) ?? new Set<string>();
    if (ids.has(id)) throw new Error(`Two schedules with id "${id}" on queue ${contract.queue}`);
    ids.add(id);
    declared.set(contract.queue, ids);
    const { attempts, backoff, removeOnComplete, removeOnFail } = contract.defaultJobOptions;
    const opts: JobSchedulerTemplateOptions = { attempts, backoff, removeOnComplete, removeOnFail };
    await client
      .queue(contract)
      .upsertJobScheduler(
        id,
        { pattern, tz: 'UTC' },
        { name: contract.name, data: contract.parse(schedule.payload), opts },
      );
    upserted.push(`${contract.queue}/${id}`);
  }
  const removed: string[] = [];
  for (const [queueName, ids] of declared) {
    const queue = client.queue(contractOf.get(queueName)!);
    for (const scheduler of await queue.getJobSchedulers(0, -1)) {
      if (ids.has(scheduler.key)) continue;
      await queue.removeJobScheduler(scheduler.key);
      removed.push(`${queueName}/${scheduler.key}`);
    }
  }
  if (upserted.length || removed.length) logger.info({ upserted, removed }, 'job schedules in place');
  return { upserted, removed };
}

/**
 * Puts back any declared schedule that is missing from Redis — Redis restarted without
 * persistence, or someone obliterated the queue — and says so. Cheap enough to run every minute:
 * one read per schedule, a write only for what is gone.
 */
export async function restoreSchedules(
  client: QueueClient,
  schedules: readonly NamedSchedule[],
  logger: Logger,
): Promise<string[]> {
  const missing: NamedSchedule[] = [];
  for (const named of schedules) {
    const queue = client.queue(named.schedule.contract);
    if (!(await queue.getJobScheduler(named.id))) missing.push(named);
  }
  if (missing.length === 0) return [];
  // No queue is passed as owned: nothing is removed, only the missing ones are upserted.
  const { upserted } = await syncSchedules(client, missing, [], silentLogger);
  logger.warn({ restored: upserted }, 'job schedules were missing from Redis: restored');
  return upserted;
}
