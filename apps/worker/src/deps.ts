/**
 * What the worker hands to every processor besides the core deps (logger, clock, queues).
 * Domain modules add their needs here as they arrive (db, mailer, storage, scanner, …).
 */
// biome-ignore lint/complexity/noBannedTypes: filled in as domain modules are added.
export type WorkerDeps = {};

export interface OwnedDeps {
  deps: WorkerDeps;
  /** Closes what building the deps opened. */
  close(): Promise<void>;
}

export async function createWorkerDeps(): Promise<OwnedDeps> {
  return { deps: {}, close: async () => {} };
}
