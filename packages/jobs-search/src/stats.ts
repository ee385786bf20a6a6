import { searchBulkUpdate, searchFullReindex, searchIndexUpdate } from '@yg/job-contracts';
import { getQueueClient, getQueueCounts, type QueueClient, type QueueCounts } from '@yg/queue-core';

export interface SearchIndexStats {
  realtime: QueueCounts;
  bulk: QueueCounts;
  reindex: QueueCounts;
}

/** Job counts of the three search queues, in the seed's shape. */
export async function getSearchIndexStats({
  client = getQueueClient(),
}: {
  client?: QueueClient;
} = {}): Promise<SearchIndexStats> {
  const [realtime, bulk, reindex] = await Promise.all(
    [searchIndexUpdate, searchBulkUpdate, searchFullReindex].map((c) => getQueueCounts(client.queue(c))),
  );
  return { realtime: realtime!, bulk: bulk!, reindex: reindex! };
}
