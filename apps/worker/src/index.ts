export type { WorkerAppConfig } from './app-config';
export { loadWorkerAppConfig } from './app-config';
export type { WorkerDeps } from './deps';
export { startHttpServer } from './http-server';
export { createModules, notServedYet } from './modules';
export type { InitializeOptions } from './workers';
export { getAllWorkersHealth, initializeAllWorkers, shutdownAllWorkers } from './workers';
