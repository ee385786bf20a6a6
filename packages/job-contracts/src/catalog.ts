import type { JobContract, Payload } from './contract';
import {
  analyticsEnrichment,
  analyticsIngest,
  dailyAggregation,
  monthlyRollup,
  weeklyRollup,
} from './contracts/analytics';
import { blogPublishing } from './contracts/blog';
import { previewGeneration, thumbnailGeneration, virusScan } from './contracts/media';
import {
  emailSend,
  emailSendBatch,
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
  notificationSweep,
} from './contracts/notifications';
import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from './contracts/search';

/**
 * Every job of the platform, one contract per queue. A tuple, not an array, so that a queue's
 * name alone types its payload (`QueuePayload<'search-index-realtime'>`).
 */
export const allContracts = [
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
  notificationSweep,
  emailSend,
  emailSendBatch,
  searchIndexUpdate,
  searchBulkUpdate,
  searchFullReindex,
  analyticsIngest,
  analyticsEnrichment,
  dailyAggregation,
  weeklyRollup,
  monthlyRollup,
  virusScan,
  thumbnailGeneration,
  previewGeneration,
  blogPublishing,
] as const satisfies readonly JobContract[];

/** Any contract of the platform's catalog. */
export type CatalogContract = (typeof allContracts)[number];
/** The name of a queue of the catalog. */
export type QueueName = CatalogContract['queue'];
/** The catalog's contract for a queue name. */
export type ContractOfQueue<Q extends string> = Extract<CatalogContract, { queue: Q }>;
/**
 * The payload a worker of `queue` receives: the contract's for a catalog queue, `unknown` for
 * any other name (a queue yg-jobs knows nothing about).
 */
export type QueuePayload<Q extends string> = Q extends QueueName ? Payload<ContractOfQueue<Q>> : unknown;

/** The catalog's contract for a queue, if it has one. */
export function contractOfQueue(queue: string): CatalogContract | undefined {
  return allContracts.find((contract) => contract.queue === queue);
}
