import type { searchBulkUpdate } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { SearchDeps } from '../deps';
import { type ReconcileResult, reconcileEntities } from '../reconcile';

/** What a bulk job did: entities read, documents written, documents removed. */
export type BulkUpdateResult = Omit<ReconcileResult, 'last' | 'visible'>;

/** Up to a few hundred entities of one type: loaded in one query, written in one statement. */
export const bulkUpdateSearchDocuments: Processor<
  typeof searchBulkUpdate,
  SearchDeps,
  BulkUpdateResult
> = async (job, { db }) => {
  const { seen, indexed, removed } = await reconcileEntities(db, job.data.entityType, job.data.entityIds);
  return { seen, indexed, removed };
};
