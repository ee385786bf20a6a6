import type { PrismaClient } from '@yg/db';

const ABANDONED =
  'Still SENDING long after any attempt could be: its job died for good mid-send. The mail may ' +
  'have left; not sent again.';

/**
 * Marks one batch of emails SENDING since before `cutoff` UNCONFIRMED: the attempt that claimed
 * them died and no job is left to find them (it stalled too often, or Redis lost it). Returns how
 * many it marked. A send that completes after all is still recorded SENT (see `recordSent`).
 */
export async function markAbandonedSends(
  db: PrismaClient,
  cutoff: Date,
  now: Date,
  limit: number,
): Promise<number> {
  return db.$executeRaw`
    UPDATE email_deliveries SET status = 'UNCONFIRMED', last_error = ${ABANDONED}, updated_at = ${now}
    WHERE id IN (
      SELECT id FROM email_deliveries
      WHERE status = 'SENDING' AND updated_at < ${cutoff}
      ORDER BY id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) AND status = 'SENDING'`;
}
