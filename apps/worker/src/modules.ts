import { emailModule, notificationsModule } from '@yg/jobs-notifications/worker';
import { searchModule } from '@yg/jobs-search/worker';
import type { JobModule } from '@yg/queue-core';
import type { WorkerDeps } from './deps';

/**
 * Every domain's job module, composed into the worker. Adding a domain is one line here:
 * `import { searchModule } from '@yg/jobs-search/worker'` and list it.
 */
export const modules: readonly JobModule<WorkerDeps>[] = [notificationsModule, emailModule, searchModule];
