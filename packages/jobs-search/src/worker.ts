// `@yg/jobs-search/worker`: the processors and the module the worker app runs.
export type { SearchDeps } from './deps';
export type { DocumentSource } from './documents/index';
export { documentSources } from './documents/index';
export { FULL_REINDEX_CRON, searchModule } from './module';
export { bulkUpdateSearchDocuments } from './processors/bulk';
export { fullReindex, type ReindexResult } from './processors/reindex';
export { type UpdateResult, updateSearchDocument } from './processors/update';
export { type ReconcileResult, reconcileEntities, reconcileRange, type SearchDb } from './reconcile';
export { ReindexProgress } from './reindex-progress';
