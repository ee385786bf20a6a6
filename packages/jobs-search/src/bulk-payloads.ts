import { BULK_SEARCH_MAX_IDS, type SearchBulkUpdatePayload, type SearchEntityType } from '@yg/job-contracts';

/**
 * Splits ids into bulk-job payloads of at most `BULK_SEARCH_MAX_IDS`, each id once: each job then
 * loads its entities in one query and writes in one statement.
 */
export function bulkPayloads(entityType: SearchEntityType, ids: Iterable<string>): SearchBulkUpdatePayload[] {
  const unique = [...new Set(ids)];
  const payloads: SearchBulkUpdatePayload[] = [];
  for (let i = 0; i < unique.length; i += BULK_SEARCH_MAX_IDS) {
    payloads.push({ entityType, entityIds: unique.slice(i, i + BULK_SEARCH_MAX_IDS) });
  }
  return payloads;
}
