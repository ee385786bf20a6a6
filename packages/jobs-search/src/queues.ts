import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import { lazyQueue } from '@yg/queue-core';

/** The real-time queue: one entity per job. Connects on first use. */
export const searchIndexQueue = lazyQueue(searchIndexUpdate);
/** Bulk jobs of up to `BULK_SEARCH_MAX_IDS` ids of one type. */
export const searchBulkQueue = lazyQueue(searchBulkUpdate);
/** Full reindex jobs, one type or all. */
export const searchReindexQueue = lazyQueue(searchFullReindex);
