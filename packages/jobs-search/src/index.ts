// The root export: producers, stats, queues and the query. Light enough for a web request
// handler: no database client is loaded until `searchDocuments` runs without one.

export type { SearchEntityType, SearchOperation } from '@yg/job-contracts';
export type { EnqueueResult, ProducerOptions } from '@yg/queue-core';
export type { BulkEnqueueResult } from './producers';
export { queueBulkSearchIndexUpdate, queueFullReindex, queueSearchIndexUpdate } from './producers';
export type { QueryDb, SearchHit, SearchPage, SearchQuery } from './query';
export { searchDocuments } from './query';
export { SearchQueryError } from './query-error';
export { searchBulkQueue, searchIndexQueue, searchReindexQueue } from './queues';
export type { SearchIndexStats } from './stats';
export { getSearchIndexStats } from './stats';
