// `pnpm bench`: every benchmark, each printing our figure beside the raw baseline from the same run.
import { printTable } from '@yg/bench-harness';
import { analyticsAggregation } from './analytics/aggregation';
import { analyticsEnrichmentSweep } from './analytics/enrichment';
import { analyticsIngest } from './analytics/ingest';
import { mediaImages, mediaScan, mediaVideo } from './media/media';
import { digestThroughput } from './notifications/digest';
import { coldStart } from './queue-core/cold-start';
import { enqueueThroughput } from './queue-core/enqueue';
import { workerIdleMemory } from './queue-core/worker-idle';
import { workerThroughput } from './queue-core/worker-throughput';
import { scaleOut } from './scale/scale';
import { searchBulkEnqueue, searchIndexing } from './search/indexing';
import { searchQueries } from './search/query';
import { searchReindex } from './search/reindex';

// `pnpm bench -- media` passes the `--` through: skip it.
const only = process.argv.slice(2).find((arg) => arg !== '--');
// The search suites go last: they seed and drops databases of 100,000 and 400,000 assets,
// whose aftermath (autovacuum, checkpoints) would otherwise weigh on the suites after it.
const suites: [string, () => Promise<Parameters<typeof printTable>[1]>][] = [
  ['queue-core: cold start of each root export vs import("bullmq")', coldStart],
  ['queue-core: enqueue vs raw BullMQ', enqueueThroughput],
  ['queue-core: worker throughput vs raw BullMQ', workerThroughput],
  ['worker: idle memory of yg-worker vs raw BullMQ workers', workerIdleMemory],
  ['scale: 1, 2 and 4 worker processes on one Redis and on a 3-master cluster vs raw BullMQ', scaleOut],
  ['notifications: digest emails vs raw pooled nodemailer', digestThroughput],
  ['analytics: ingest vs raw batched INSERT', analyticsIngest],
  ['analytics: enrichment sweep vs raw parse + UPDATE', analyticsEnrichmentSweep],
  ['analytics: daily aggregation vs the same SQL raw', analyticsAggregation],
  ['media: thumbnail + preview of a 720p clip vs the same ffmpeg commands raw', mediaVideo],
  ['media: image thumbnails vs raw sharp', mediaImages],
  ['media: virus scan vs raw clamdscan --stream', mediaScan],
  ['search: bulk enqueue vs raw BullMQ addBulk', searchBulkEnqueue],
  ['search: full reindex vs the same SQL over pg', searchReindex],
  ['search: bulk indexing vs the job’s own SQL over pg', searchIndexing],
  ['search: queries vs the same statement over pg', searchQueries],
];

console.log(`yg-jobs benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const [title, run] of suites) {
  if (only && !title.includes(only)) continue;
  printTable(title, await run());
}
