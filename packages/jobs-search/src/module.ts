import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import { defineJobModule } from '@yg/queue-core';
import type { SearchDeps } from './deps';
import { bulkUpdateSearchDocuments } from './processors/bulk';
import { fullReindex } from './processors/reindex';
import { updateSearchDocument } from './processors/update';

/** Every Sunday at 03:00 UTC. */
export const FULL_REINDEX_CRON = '0 3 * * 0';

/**
 * The search group: three queues with their own concurrency, so a reindex never delays the
 * real-time updates users wait for.
 */
export const searchModule = defineJobModule<SearchDeps>()({
  group: 'search',
  // The name operators grep the logs for.
  label: 'SearchIndex',
  processors: {
    update: { contract: searchIndexUpdate, process: updateSearchDocument, concurrency: 8 },
    bulk: { contract: searchBulkUpdate, process: bulkUpdateSearchDocuments, concurrency: 2 },
    // One walk of the catalog at a time: two would write every document twice.
    reindex: { contract: searchFullReindex, process: fullReindex, serial: true },
  },
  schedules: {
    'weekly-full-reindex': { contract: searchFullReindex, pattern: FULL_REINDEX_CRON, payload: {} },
  },
});
