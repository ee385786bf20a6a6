import type { JobContract } from './contract';
import { analyticsEnrichment, dailyAggregation, monthlyRollup, weeklyRollup } from './contracts/analytics';
import { blogPublishing } from './contracts/blog';
import { previewGeneration, thumbnailGeneration, virusScan } from './contracts/media';
import {
  emailSend,
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
} from './contracts/notifications';
import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from './contracts/search';

/** Every job of the platform, one contract each; queue + name pairs are unique. */
export const allContracts: readonly JobContract[] = [
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
  emailSend,
  searchIndexUpdate,
  searchBulkUpdate,
  searchFullReindex,
  analyticsEnrichment,
  dailyAggregation,
  weeklyRollup,
  monthlyRollup,
  virusScan,
  thumbnailGeneration,
  previewGeneration,
  blogPublishing,
];
