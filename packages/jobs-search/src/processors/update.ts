import type { searchIndexUpdate } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import { refreshDependents } from '../dependents';
import type { SearchDeps } from '../deps';
import { reconcileEntities } from '../reconcile';

export interface UpdateResult {
  outcome: 'indexed' | 'removed' | 'unchanged';
  /** Documents of other entities queued for a rebuild because they embed this one's text. */
  dependents: number;
}

/**
 * One entity: its document follows the entity's current state, whatever the operation says,
 * since a job may stand for several collapsed changes. `delete` of an entity that is still
 * public keeps its document, and says so in the job's log.
 */
export const updateSearchDocument: Processor<typeof searchIndexUpdate, SearchDeps, UpdateResult> = async (
  job,
  { db, queues },
) => {
  const { entityType, entityId, operation } = job.data;
  const result = await reconcileEntities(db, entityType, [entityId]);
  const outcome = result.indexed > 0 ? 'indexed' : result.removed > 0 ? 'removed' : 'unchanged';
  if (operation === 'delete' && result.visible > 0) {
    await job.log(`${entityType} ${entityId} still exists and is public: document kept`);
  }
  // Whatever the outcome: an earlier attempt may have written this document and died before
  // queueing its dependents, and a hidden entity's text still shows in theirs.
  const dependents = await refreshDependents(db, queues, entityType, [entityId]);
  return { outcome, dependents };
};
