import { z } from 'zod';
import { defineContract } from '../contract';
import { EntityId } from '../fields';

export const SearchEntityType = z.enum(['asset', 'creator', 'project', 'license', 'blog_post']);
export type SearchEntityType = z.infer<typeof SearchEntityType>;

export const SearchOperation = z.enum(['create', 'update', 'delete']);
export type SearchOperation = z.infer<typeof SearchOperation>;

export const SearchIndexUpdatePayload = z.strictObject({
  entityType: SearchEntityType,
  entityId: EntityId,
  operation: SearchOperation,
});
export type SearchIndexUpdatePayload = z.infer<typeof SearchIndexUpdatePayload>;

/** Bring one entity's search document in line with its current database state. */
export const searchIndexUpdate = defineContract({
  queue: 'search-index-realtime',
  name: 'update',
  schema: SearchIndexUpdatePayload,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  // The job reads current state: while one runs, a newer change must still run afterwards.
  deduplication: { id: (p) => `search:${p.entityType}:${p.entityId}`, keepLastIfActive: true },
});

/** Ids per bulk job: one query to load, one statement to write. */
export const BULK_SEARCH_MAX_IDS = 500;

export const SearchBulkUpdatePayload = z.strictObject({
  entityType: SearchEntityType,
  entityIds: z.array(EntityId).min(1).max(BULK_SEARCH_MAX_IDS),
});
export type SearchBulkUpdatePayload = z.infer<typeof SearchBulkUpdatePayload>;

export const searchBulkUpdate = defineContract({
  queue: 'search-index-bulk',
  name: 'bulk-update',
  schema: SearchBulkUpdatePayload,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
});

export const SearchFullReindexPayload = z.strictObject({
  /** Absent: all five entity types. */
  entityType: SearchEntityType.optional(),
  batchSize: z.number().int().min(1).max(5000).default(500),
});
export type SearchFullReindexPayload = z.infer<typeof SearchFullReindexPayload>;

export const searchFullReindex = defineContract({
  queue: 'search-reindex',
  name: 'full-reindex',
  schema: SearchFullReindexPayload,
  defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  deduplication: { id: (p) => `reindex:${p.entityType ?? 'all'}`, keepLastIfActive: false },
});
