// Logs one line through the process's queue client, in the LOG_FORMAT of the environment.
import { getQueueClient } from '@yg/queue-core';

getQueueClient().logger.info({ queue: 'search-index-realtime' }, 'a line to read');
