import type { searchBulkUpdate } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import { refreshDependents } from '../dependents';
import type { SearchDeps } from '../deps';
import { type ReconcileResult, reconcileEntities } from '../reconcile';

/** What a bulk job did: entities read, documents written and removed, dependents queued. */
export type BulkUpdateResult = Omit<ReconcileResult, 'last' | 'visible'> & {
  /** Documents of other entities queued for a rebuild because they embed these entities' text. */
  dependents: number;
};

/**
 * Up to a few hundred entities of one type: loaded in one query, written in one statement; the
 * documents that embed their text and are now out of date are queued in one go.
 */
export const bulkUpdateSearchDocuments: Processor<
  typeof searchBulkUpdate,
  SearchDeps,
  BulkUpdateResult
> = async (job, { db, queues }) => {
  const { entityType, entityIds } = job.data;
  const { seen, indexed, removed } = await reconcileEntities(db, entityType, entityIds);
  const dependents = await refreshDependents(db, queues, entityType, entityIds);
  return { seen, indexed, removed, dependents };
};
