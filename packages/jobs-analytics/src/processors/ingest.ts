import { analyticsEnrichment, type analyticsIngest, ENRICHMENT_MAX_EVENT_IDS } from '@yg/job-contracts';
import type { Processor } from '@yg/queue-core';
import type { AnalyticsDeps } from '../deps';
import { insertEvents } from '../ingest';

export interface IngestJobResult {
  inserted: number;
  /** Events handed to enrichment. */
  toEnrich: number;
}

/** Stores a batch of tracked events, then queues their enrichment ("real-time" enrichment). */
export const ingestEvents: Processor<typeof analyticsIngest, AnalyticsDeps, IngestJobResult> = async (
  job,
  { db, queues },
) => {
  const { inserted, toEnrich } = await insertEvents(db, job.data.events);
  const payloads = [];
  for (let i = 0; i < toEnrich.length; i += ENRICHMENT_MAX_EVENT_IDS) {
    payloads.push({ eventIds: toEnrich.slice(i, i + ENRICHMENT_MAX_EVENT_IDS) });
  }
  // Should this fail after the insert, the retry finds the stored events still unenriched and
  // queues them again; the hourly sweep is the last resort.
  if (payloads.length > 0) await queues.enqueueBulk(analyticsEnrichment, payloads);
  return { inserted, toEnrich: toEnrich.length };
};
