import {
  type SearchEntityType,
  type SearchOperation,
  searchBulkUpdate,
  searchFullReindex,
  searchIndexUpdate,
} from '@yg/job-contracts';
import { type EnqueueResult, type ProducerOptions, producerClient } from '@yg/queue-core';
import { bulkPayloads } from './bulk-payloads';

/**
 * Brings one entity's search document in line with the entity, after you changed it. Every
 * operation reads the entity's current state: `delete` after a soft or hard delete removes the
 * document, and the operation of a job that was collapsed into another cannot be lost.
 * Pending duplicates for one entity collapse into one job; a change made while that job runs
 * gets a job of its own afterwards.
 */
export function queueSearchIndexUpdate(
  entityType: SearchEntityType,
  entityId: string,
  operation: SearchOperation = 'update',
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(searchIndexUpdate, { entityType, entityId, operation });
}

export interface BulkEnqueueResult {
  /** Distinct ids enqueued. */
  ids: number;
  /** Bulk jobs they were split into. */
  jobs: EnqueueResult[];
}

/**
 * Reindexes many entities of one type: the ids (duplicates dropped) are split into jobs of a few
 * hundred and added in one round trip per thousand jobs. Ids that no longer exist have their
 * documents removed; they are not errors.
 */
export async function queueBulkSearchIndexUpdate(
  entityType: SearchEntityType,
  entityIds: Iterable<string>,
  options?: ProducerOptions,
): Promise<BulkEnqueueResult> {
  const payloads = bulkPayloads(entityType, entityIds);
  const ids = payloads.reduce((n, p) => n + p.entityIds.length, 0);
  if (payloads.length === 0) {
    // Nothing to enqueue, but a bad type is still the caller's bug: report it the same way.
    searchBulkUpdate.parse({ entityType, entityIds: ['-'] });
    return { ids, jobs: [] };
  }
  return { ids, jobs: await producerClient(options).enqueueBulk(searchBulkUpdate, payloads) };
}

/**
 * Rebuilds the documents of one entity type, or of all five, in `batchSize` batches. Queries
 * keep being answered while it runs; documents whose entity is gone are removed. A reindex of
 * the same scope that is already waiting absorbs this one.
 */
export function queueFullReindex(
  entityType?: SearchEntityType,
  batchSize?: number,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(searchFullReindex, {
    ...(entityType === undefined ? {} : { entityType }),
    ...(batchSize === undefined ? {} : { batchSize }),
  });
}
