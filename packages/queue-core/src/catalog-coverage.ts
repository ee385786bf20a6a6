import type { JobContract } from '@yg/job-contracts';
import { type JobModule, processorsOf } from './job-module';

/**
 * Checks that every contract of `catalog` has a processor in one of `modules`, or is listed in
 * `notServedYet`: a job enqueued for a contract that no worker serves would wait forever. A
 * contract listed as not served that a module does serve is reported too, so the list cannot go
 * stale as domains arrive.
 */
export function assertCatalogServed<Deps>(
  modules: readonly JobModule<Deps>[],
  catalog: readonly JobContract[],
  notServedYet: readonly JobContract[] = [],
): void {
  const served = new Set(modules.flatMap((m) => processorsOf(m).map((p) => p.contract)));
  const waived = new Set(notServedYet);
  const missing = catalog.filter((c) => !served.has(c) && !waived.has(c));
  const stale = notServedYet.filter((c) => served.has(c));
  const problems = [
    ...(missing.length ? [`no module serves ${names(missing)}`] : []),
    ...(stale.length ? [`${names(stale)} listed as not served, but a module serves it`] : []),
  ];
  if (problems.length) throw new Error(`Job catalog and worker modules disagree: ${problems.join('; ')}`);
}

function names(contracts: readonly JobContract[]): string {
  return contracts.map((c) => `${c.queue}/${c.name}`).join(', ');
}
