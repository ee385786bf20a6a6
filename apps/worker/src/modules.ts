import type { JobContract } from '@yg/job-contracts';
import { createAnalyticsModule, loadAnalyticsConfig } from '@yg/jobs-analytics/worker';
import { blogModule } from '@yg/jobs-blog/worker';
import { mediaModule } from '@yg/jobs-media/worker';
import {
  createEmailModule,
  createNotificationsModule,
  loadMailConfig,
  loadSweepConfig,
} from '@yg/jobs-notifications/worker';
import { searchModule } from '@yg/jobs-search/worker';
import type { Env, JobModule } from '@yg/queue-core';
import type { WorkerDeps } from './deps';

/**
 * Contracts of the catalog that no module serves yet. The worker refuses to start when a
 * contract is neither served nor listed here; a domain's arrival takes its contracts off it.
 */
export const notServedYet: readonly JobContract[] = [];

/**
 * Every domain's job module, built once from the settings. Adding a domain: list its module here,
 * add what its processors need to `WorkerDeps` (deps.ts), and take its contracts off
 * `notServedYet` — see docs/adding-a-domain.md.
 */
export function createModules(env: Env = process.env): JobModule<WorkerDeps>[] {
  return [
    createNotificationsModule({ sweepPattern: loadSweepConfig(env).pattern }),
    createEmailModule(loadMailConfig(env)),
    searchModule,
    createAnalyticsModule(loadAnalyticsConfig(env)),
    mediaModule,
    blogModule,
  ];
}
