// `@yg/jobs-search/worker`: what a worker app composes — the search module (health group
// `search`: realtime, bulk and reindex queues, the weekly reindex) and the deps it needs.

export type { SearchDeps } from './deps';
// The SQL each entity type's document is built from, for tools that rebuild documents directly.
export { type DocumentSource, documentSources } from './documents/index';
export { FULL_REINDEX_CRON, searchModule } from './module';
export type { BulkUpdateResult } from './processors/bulk';
export type { ReindexResult } from './processors/reindex';
export type { UpdateResult } from './processors/update';
export type { SearchRow, SearchStatement, SearchStatementInput } from './query-statement';
export { SEARCH_WALK, searchStatement } from './query-statement';
// The statements the processors run, for tools (and the benchmark) that run them directly.
export {
  type ReconcileResult,
  reconcileEntities,
  reconcileEntitiesStatement,
  reconcileRange,
  reconcileRangeStatement,
  type SearchDb,
} from './reconcile';
