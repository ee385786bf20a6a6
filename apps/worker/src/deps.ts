import { setTimeout as delay } from 'node:timers/promises';
import { createDb, type PrismaClient, resolveDatabaseUrl } from '@yg/db';
import { createMediaSetupFromEnv, type MediaSetup } from '@yg/jobs-media/worker';
import { createMailerFromEnv, loadSweepConfig, type Mailer } from '@yg/jobs-notifications/worker';
import { redactCredentials } from '@yg/queue-core';
import { probePostgres } from './postgres-probe';

/**
 * What the worker hands to every processor besides the core deps (logger, clock, queues).
 * Domain modules add their needs here as they arrive (mailer, storage, scanner, …).
 */
export interface WorkerDeps {
  db: PrismaClient;
  /** Pooled SMTP (`SMTP_URL`) or the `.eml` outbox (`MAIL_OUTBOX_DIR`). */
  mailer: Mailer;
  /** The notification sweep's grace period (`NOTIFICATION_SWEEP_GRACE_MS`). */
  sweep: { graceMs: number };
  /** Uploads' storage (`STORAGE_DIR` or `STORAGE_S3_*`). */
  storage: MediaSetup['storage'];
  /** clamd (`CLAMD_HOST`, `CLAMD_PORT`). */
  scanner: MediaSetup['scanner'];
  /** ffmpeg, ffprobe, pdftoppm (`FFMPEG_PATH`, `FFPROBE_PATH`, `PDFTOPPM_PATH`). */
  mediaTools: MediaSetup['mediaTools'];
}

/** How long closing waits for the database pool to end once the jobs are done or abandoned. */
const DISCONNECT_GRACE_MS = 2000;

// A readiness probe must answer within the prober's own timeout (Kubernetes: 1 s by default, often raised).
const PROBE_TIMEOUT_MS = 3000;

export interface OwnedDeps {
  deps: WorkerDeps;
  /** Whether each dependency answers, for readiness. */
  check(): Promise<Record<string, { healthy: boolean; error?: string }>>;
  /** Closes what building the deps opened. */
  close(): Promise<void>;
}

/** Builds the deps from the environment (`DATABASE_URL`, …); nothing connects until first used. */
export function createWorkerDeps(): OwnedDeps {
  const db = createDb();
  const databaseUrl = resolveDatabaseUrl();
  const mailer = createMailerFromEnv();
  const { graceMs } = loadSweepConfig();
  const media = createMediaSetupFromEnv();
  return {
    deps: { db, mailer, sweep: { graceMs }, ...media },
    async check() {
      try {
        await probePostgres(databaseUrl, PROBE_TIMEOUT_MS);
        return { postgres: { healthy: true } };
      } catch (error) {
        // Shown on /health: never a connection string's password, whatever the driver put in.
        return { postgres: { healthy: false, error: redactCredentials((error as Error).message) } };
      }
    },
    close: async () => {
      // The mailer first: it waits for the sends in flight, which record their outcome in the
      // database afterwards; disconnecting the database under them would leave mail that left
      // looking unconfirmed. Emails still waiting for a connection give up unclaimed (PENDING).
      await mailer.close();
      await media.storage.close?.();
      // A job left running at the shutdown deadline may hold a pooled connection (say, a query
      // waiting on a lock) that it never gives back, and the pool's end waits for every one:
      // the process would never exit. Its session ends with the process; its job stalls and
      // another worker takes it.
      await Promise.race([db.$disconnect(), delay(DISCONNECT_GRACE_MS, undefined, { ref: false })]);
    },
  };
}
