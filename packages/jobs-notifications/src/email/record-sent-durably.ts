import { databaseOutage } from '@yg/db';
import type { EmailSource } from '@yg/job-contracts';
import type { ProcessorDeps } from '../deps';
import { recordSent } from './delivery-record';

/** First wait before recording again, doubled up to {@link MAX_WAIT_MS}. */
const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 5000;

/**
 * Records a send that completed, for as long as it takes PostgreSQL to answer. The mail is out:
 * giving up would leave the row SENDING, and the next attempt would mark it UNCONFIRMED though
 * it is known to have left. So an outage is waited out here, in the job that knows; only the
 * process dying meanwhile leaves the row to become UNCONFIRMED, which is then honest. Any other
 * error (a bug, not an outage) is thrown.
 */
export async function recordSentDurably(
  { db, clock, logger }: Pick<ProcessorDeps, 'db' | 'clock' | 'logger'>,
  key: string,
  messageId: string,
  source: EmailSource | undefined,
): Promise<void> {
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    try {
      await recordSent(db, key, messageId, source, clock.now());
      if (wait > FIRST_WAIT_MS) logger.info({ idempotencyKey: key }, 'email recorded SENT after the outage');
      return;
    } catch (error) {
      if (!databaseOutage(error)) throw error;
      if (wait === FIRST_WAIT_MS) {
        logger.warn(
          { idempotencyKey: key, err: error },
          'email sent but PostgreSQL is unavailable: recording it again until it answers',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
