import type { EmailSendPayload } from '@yg/job-contracts';
import { DependencyDownError, RetryLaterError, UnrecoverableError } from '@yg/queue-core';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import {
  claimDelivery,
  type DeliveryStatus,
  deliveryStatuses,
  moveDelivery,
  recordFailed,
  recordSent,
} from '../email/delivery-record';
import { messageIdFor } from '../email/message-id';
import { recordSentDurably } from '../email/record-sent-durably';
import { describeSendError, sendOutcome } from '../email/send-outcome';
import type { MailerConnection } from '../mailer/mailer';
import { MailerClosedError } from '../mailer/mailer-closed-error';

/**
 * What sending one email reads of its job: an email job is one, and so is each email of a digest
 * mail batch, which shares its batch's id and attempts.
 */
export type EmailAttempt = Pick<
  Job<EmailSendPayload>,
  'id' | 'data' | 'attemptsStarted' | 'attemptsMade' | 'opts'
>;

export type EmailSendResult =
  | { status: 'sent'; messageId: string }
  | { status: 'already-sent' | 'unconfirmed' | 'failed' };

const UNCONFIRMED_AFTER_CRASH =
  'An earlier attempt stopped while sending (its worker died): the mail may have left. ' +
  'Not sent again, since a lost email is better than a duplicate.';

export interface EmailSendOptions {
  /**
   * The caller has just read the email's row and found it PENDING or absent (a digest mail batch
   * reads all of its rows first): a re-run does not read it again before claiming.
   */
  readPending?: boolean;
}

/** How long a job whose mailer closed under it waits before it is tried again. */
const AFTER_MAILER_CLOSED_MS = 1000;

/**
 * Sends one email at most once. The EmailDelivery row (unique idempotency key) is written before
 * anything is sent, and its status is the lock:
 *
 *   (no row) ─┬─ a connection is free: claim (insert) ──► SENDING ──sent──► SENT
 *   PENDING ──┘  a connection is free: claim (update) ──►    │ SMTP down (refused, DNS, login…): back to PENDING, queue paused
 *      ▲                                                     │ a 4xx reply, or the connection lost before any content
 *      │                                                     │ went: back to PENDING, and retry with backoff
 *      └─────────────────────────────────────────────────────┤
 *                                                            ├ 5xx, or out of attempts ──► FAILED
 *                                                            └ outcome unknown (connection lost mid-send) ──► UNCONFIRMED
 *
 * Waiting for a connection writes nothing: a crash or a shutdown then leaves the row as it was
 * (absent or PENDING), for a retry or the sweep. The claim waits for a free connection, so that
 * only mail that may really have left is ever in doubt: at most one email per pooled connection
 * when a process dies. A later attempt that finds the row SENDING knows an earlier one died
 * mid-send; it does not send again, and marks the row UNCONFIRMED.
 */
export async function processEmailSend(
  job: EmailAttempt,
  deps: ProcessorDeps,
  options: EmailSendOptions = {},
): Promise<EmailSendResult> {
  const { db, mailer, clock } = deps;
  const email = job.data;
  const key = email.idempotencyKey;
  // A re-run (a retry, or a job handed out again after its worker died) may find its email
  // settled or mid-send. It reads the row before taking a connection: a claim refused on a
  // connection drops that connection, and the pool has to connect again. First runs claim at once.
  if (job.attemptsStarted > 1 && !options.readPending) {
    const status = (await deliveryStatuses(db, [key])).get(key);
    if (status !== undefined && status !== 'PENDING') return await settleUnclaimed(job, deps, status);
  }
  let connection: MailerConnection;
  try {
    connection = await mailer.connection();
  } catch (error) {
    // The worker is shutting down: the email was never claimed, and its row is as it was. The job goes
    // back without spending an attempt (or, once the worker's connection is gone, stalls and is
    // handed out again).
    if (error instanceof MailerClosedError) {
      throw new RetryLaterError(`Email ${key} not sent: the mailer closed first`, AFTER_MAILER_CLOSED_MS);
    }
    throw error;
  }
  try {
    // The claim is taken while the connection starts the envelope; the content waits for it (see
    // SendOptions.claimed), so the database's round trip does not keep the connection idle.
    const claiming = claimDelivery(db, email, clock.now());
    const claimed = claiming.then((claim) => {
      if (claim !== 'claimed') throw new Error(`Email ${key} was not claimed: it is ${claim}`);
    });
    // Read by the held content or by the send's error handling, which may come after it settles.
    claimed.catch(() => undefined);
    const sending = sendClaimed(job, deps, connection, claimed);
    let claim: Awaited<typeof claiming>;
    try {
      claim = await claiming;
    } catch (error) {
      // Nothing was delivered: the content waited for the claim.
      await sending.catch(() => undefined);
      throw error;
    }
    if (claim !== 'claimed') {
      await sending.catch(() => undefined);
      return await settleUnclaimed(job, deps, claim);
    }
    return await sending;
  } finally {
    // After the bookkeeping: closing the mailer waits for it, so a shutdown never disconnects the
    // database under a send that still has to be recorded.
    connection.release();
  }
}

/** The row was not ours to claim: what its status says about this attempt. */
export async function settleUnclaimed(
  job: EmailAttempt,
  { db, clock, logger }: ProcessorDeps,
  status: Exclude<'claimed' | DeliveryStatus, 'claimed'>,
): Promise<EmailSendResult> {
  const key = job.data.idempotencyKey;
  switch (status) {
    case 'SENT':
      // The send may have completed just before a crash that skipped this bookkeeping.
      await recordSent(db, key, null, job.data.source, clock.now());
      return { status: 'already-sent' };
    case 'SENDING':
      if (await moveDelivery(db, key, 'SENDING', 'UNCONFIRMED', UNCONFIRMED_AFTER_CRASH, clock.now())) {
        logger.warn(
          { jobId: job.id, idempotencyKey: key },
          'email found mid-send from an attempt that died: marked UNCONFIRMED, not sent again',
        );
      }
      return { status: 'unconfirmed' };
    case 'UNCONFIRMED':
      return { status: 'unconfirmed' };
    case 'FAILED':
      return { status: 'failed' };
    case 'PENDING':
      // Released by another attempt a moment ago: come back later rather than race it, without
      // spending one of this email's attempts on another attempt's business.
      throw new RetryLaterError(`Email ${key} is being handled by another attempt`, 1000);
  }
}

/**
 * Sends the email on the connection once `claimed` resolves, and records what came of it. When
 * the claim does not hold, the send's failure is thrown untouched: the row is not this attempt's
 * to move.
 */
async function sendClaimed(
  job: EmailAttempt,
  deps: ProcessorDeps,
  connection: MailerConnection,
  claimed: Promise<void>,
): Promise<EmailSendResult> {
  const { db, mailer, logger, clock } = deps;
  const email = job.data;
  const key = email.idempotencyKey;
  let messageId: string;
  try {
    ({ messageId } = await connection.send(
      {
        idempotencyKey: key,
        messageId: messageIdFor(key, mailer.from),
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html === undefined ? {} : { html: email.html }),
      },
      { claimed },
    ));
  } catch (error) {
    if (
      !(await claimed.then(
        () => true,
        () => false,
      ))
    )
      throw error;
    const lastError = describeSendError(error);
    const outcome = sendOutcome(error);
    if (outcome === 'unknown') {
      await moveDelivery(
        db,
        key,
        'SENDING',
        'UNCONFIRMED',
        `Outcome unknown, not sent again: ${lastError}`,
        clock.now(),
      );
      logger.warn(
        { jobId: job.id, idempotencyKey: key, err: error },
        'email outcome unknown: marked UNCONFIRMED, not retried',
      );
      return { status: 'unconfirmed' };
    }
    if (outcome === 'unavailable') {
      // Nothing was handed over and no email could be: the queue waits for the server without
      // spending this email's attempts.
      await moveDelivery(db, key, 'SENDING', 'PENDING', lastError, clock.now());
      throw new DependencyDownError('smtp', { cause: error });
    }
    const final = outcome === 'rejected' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await moveDelivery(db, key, 'SENDING', final ? 'FAILED' : 'PENDING', lastError, clock.now());
    if (final) await recordFailed(db, email.source, clock.now());
    if (outcome === 'rejected') throw new UnrecoverableError(`SMTP server refused the email: ${lastError}`);
    throw error;
  }

  await recordSentDurably(deps, key, messageId, email.source);
  return { status: 'sent', messageId };
}
