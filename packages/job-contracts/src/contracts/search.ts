import type { z } from 'zod';
import { defineContract } from '../contract';
import { EntityId, isEntityId } from '../fields';
import { builtSchema, lazySchema } from '../lazy-schema';
import { plainRecord } from '../plain-payload';

const SEARCH_ENTITY_TYPES = ['asset', 'creator', 'project', 'license', 'blog_post'] as const;

export const SearchEntityType = lazySchema((z) => z.enum(SEARCH_ENTITY_TYPES));
export type SearchEntityType = z.infer<typeof SearchEntityType>;

export const SearchOperation = lazySchema((z) => z.enum(['create', 'update', 'delete']));
export type SearchOperation = z.infer<typeof SearchOperation>;

export const SearchIndexUpdatePayload = lazySchema((z) =>
  z.strictObject({
    entityType: builtSchema(SearchEntityType),
    entityId: builtSchema(EntityId),
    operation: builtSchema(SearchOperation),
  }),
);
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

export const SearchBulkUpdatePayload = lazySchema((z) =>
  z.strictObject({
    entityType: builtSchema(SearchEntityType),
    entityIds: z.array(builtSchema(EntityId)).min(1).max(BULK_SEARCH_MAX_IDS),
  }),
);
export type SearchBulkUpdatePayload = z.infer<typeof SearchBulkUpdatePayload>;

export const searchBulkUpdate = defineContract({
  queue: 'search-index-bulk',
  name: 'bulk-update',
  schema: SearchBulkUpdatePayload,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
  // Checked on every bulk enqueue and every bulk job, 500 ids at a time.
  quickParse(payload) {
    const record = plainRecord(payload, ['entityType', 'entityIds']);
    if (record === undefined) return undefined;
    const { entityType, entityIds } = record;
    if (!SEARCH_ENTITY_TYPES.includes(entityType as SearchEntityType) || !Array.isArray(entityIds)) {
      return undefined;
    }
    if (entityIds.length < 1 || entityIds.length > BULK_SEARCH_MAX_IDS) return undefined;
    // Index by index: a hole in a sparse array is an id that is missing.
    for (let i = 0; i < entityIds.length; i++) if (!isEntityId(entityIds[i])) return undefined;
    return { entityType: entityType as SearchEntityType, entityIds: entityIds.slice() };
  },
});

export const SearchFullReindexPayload = lazySchema((z) =>
  z.strictObject({
    /** Absent: all five entity types. */
    entityType: builtSchema(SearchEntityType).optional(),
    batchSize: z.number().int().min(1).max(5000).default(500),
  }),
);
export type SearchFullReindexPayload = z.infer<typeof SearchFullReindexPayload>;

export const searchFullReindex = defineContract({
  queue: 'search-reindex',
  name: 'full-reindex',
  schema: SearchFullReindexPayload,
  defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  deduplication: { id: (p) => `reindex:${p.entityType ?? 'all'}`, keepLastIfActive: false },
});
