import type { searchBulkUpdate } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { SearchDeps } from '../deps';
import { type ReconcileResult, reconcileEntities } from '../reconcile';

/** Up to a few hundred entities of one type: loaded in one query, written in one statement. */
export const bulkUpdateSearchDocuments: Processor<
  typeof searchBulkUpdate,
  SearchDeps,
  Omit<ReconcileResult, 'last' | 'visible'>
> = async (job, { db }) => {
  const { seen, indexed, removed } = await reconcileEntities(db, job.data.entityType, job.data.entityIds);
  return { seen, indexed, removed };
};
