export type { CatalogContract, ContractOfQueue, QueueName, QueuePayload } from './catalog';
export { allContracts, contractOfQueue } from './catalog';
export type {
  ContractDeduplication,
  ContractJobOptions,
  JobContract,
  Payload,
  PayloadInput,
  Retention,
} from './contract';
export { DEFAULT_JOB_OPTIONS, defineContract } from './contract';
export {
  AnalyticsEnrichmentPayload,
  AnalyticsEventType,
  AnalyticsIngestPayload,
  analyticsEnrichment,
  analyticsIngest,
  DailyAggregationPayload,
  dailyAggregation,
  ENRICHMENT_MAX_EVENT_IDS,
  EVENT_PROPERTIES_MAX_BYTES,
  EventInstant,
  INGEST_MAX_EVENTS,
  MonthlyRollupPayload,
  monthlyRollup,
  TrackedEvent,
  WeeklyRollupPayload,
  weeklyRollup,
} from './contracts/analytics';
export { BlogPublishingPayload, blogPublishing } from './contracts/blog';
export {
  AssetType,
  PreviewPayload,
  previewGeneration,
  ThumbnailPayload,
  thumbnailGeneration,
  VirusScanPayload,
  virusScan,
} from './contracts/media';
export {
  DigestFrequency,
  DigestPeriodKey,
  EMAIL_BATCH_MAX,
  EMAIL_HTML_MAX,
  EMAIL_TEXT_MAX,
  EmailSendBatchPayload,
  EmailSendPayload,
  EmailSource,
  emailSend,
  emailSendBatch,
  NotificationDeliveryPayload,
  NotificationDigestPayload,
  NotificationDigestUserPayload,
  NotificationSweepPayload,
  notificationDelivery,
  notificationDigest,
  notificationDigestUser,
  notificationSweep,
} from './contracts/notifications';
export {
  BULK_SEARCH_MAX_IDS,
  SearchBulkUpdatePayload,
  SearchEntityType,
  SearchFullReindexPayload,
  SearchIndexUpdatePayload,
  SearchOperation,
  searchBulkUpdate,
  searchFullReindex,
  searchIndexUpdate,
} from './contracts/search';
export type { PayloadIssue } from './errors/index';
export { ContractValidationError, payloadIssues, ValidationError, YgError } from './errors/index';
export {
  CalendarDate,
  CalendarMonth,
  EmailAddress,
  EntityId,
  isEntityId,
  MimeType,
  StorageKey,
  Text,
} from './fields';
export { lazyObject } from './lazy-object';
export { builtSchema, lazySchema } from './lazy-schema';
export { plainRecord } from './plain-payload';
export { loadZod, type Zod } from './zod-runtime';
