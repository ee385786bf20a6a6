import type { PrismaClient } from '@yg/db';
import type { DigestFrequency } from '@yg/job-contracts';

// A run's job lives in Redis; its record lives here, so that the sweep can tell a run that ended
// from one whose job Redis lost mid-walk (see unfinishedDigestRuns).

/**
 * Records that a run of (frequency, period) is walking its users. A second run in the period (a
 * second trigger, a retry, a resume) moves the start on and counts as unfinished again.
 */
export async function startDigestRun(
  db: PrismaClient,
  frequency: DigestFrequency,
  periodKey: string,
  now: Date,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO digest_runs (frequency, period_key, started_at)
    VALUES (CAST(${frequency} AS digest_frequency), ${periodKey}, ${now})
    ON CONFLICT (frequency, period_key) DO UPDATE SET started_at = EXCLUDED.started_at, finished_at = NULL`;
}

/** Records that the run has queued the email of every user it walked. */
export async function finishDigestRun(
  db: PrismaClient,
  frequency: DigestFrequency,
  periodKey: string,
  now: Date,
): Promise<void> {
  await db.$executeRaw`
    UPDATE digest_runs SET finished_at = ${now}
    WHERE frequency = CAST(${frequency} AS digest_frequency) AND period_key = ${periodKey}`;
}

export interface UnfinishedDigestRun {
  frequency: DigestFrequency;
  periodKey: string;
}

/**
 * Each frequency's latest run, when it started before `cutoff` and never finished: its job was
 * lost (Redis lost its data while the run walked) or failed for good. An older unfinished run is
 * left alone: the run after it walked every user with mail waiting.
 */
export function unfinishedDigestRuns(db: PrismaClient, cutoff: Date): Promise<UnfinishedDigestRun[]> {
  return db.$queryRaw<UnfinishedDigestRun[]>`
    SELECT frequency::text AS frequency, period_key AS "periodKey"
    FROM (
      SELECT DISTINCT ON (frequency) frequency, period_key, started_at, finished_at
      FROM digest_runs
      ORDER BY frequency, started_at DESC
    ) latest
    WHERE finished_at IS NULL AND started_at < ${cutoff}
    ORDER BY frequency`;
}
