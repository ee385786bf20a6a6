import type { EmailSendPayload } from '@yg/job-contracts';
import { RetryLaterError, UnrecoverableError } from '@yg/queue-core';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { claimDelivery, moveDelivery, recordFailed, recordSent } from '../email/delivery-record';
import { messageIdFor } from '../email/message-id';
import { describeSendError, sendOutcome } from '../email/send-outcome';

export type EmailSendResult =
  | { status: 'sent'; messageId: string }
  | { status: 'already-sent' | 'unconfirmed' | 'failed' };

const UNCONFIRMED_AFTER_CRASH =
  'An earlier attempt stopped while sending (its worker died): the mail may have left. ' +
  'Not sent again, since a lost email is better than a duplicate.';

/**
 * Sends one email at most once. The EmailDelivery row (unique idempotency key) is written before
 * anything is sent — a new email straight as SENDING — and its status is the lock:
 *
 *   (new) / PENDING ──record/claim──► SENDING ──sent──► SENT
 *             ▲                           │ provably not sent (refused connection, 4xx …): back, and retry
 *             └───────────────────────────┤ 5xx, or out of attempts ──► FAILED
 *                                         └ outcome unknown (connection lost mid-send) ──► UNCONFIRMED
 *
 * A later attempt that finds the row in SENDING knows an earlier one died mid-send; it does not
 * send again either, and marks the row UNCONFIRMED.
 */
export async function processEmailSend(
  job: Job<EmailSendPayload>,
  deps: ProcessorDeps,
): Promise<EmailSendResult> {
  const { db, mailer, logger, clock } = deps;
  const email = job.data;
  const key = email.idempotencyKey;

  const claim = await claimDelivery(db, email, clock.now());
  switch (claim) {
    case 'claimed':
      break;
    case 'SENT':
      // The send may have completed just before a crash that skipped this bookkeeping.
      await recordSent(db, key, null, email.source, clock.now());
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

  let messageId: string;
  try {
    ({ messageId } = await mailer.send({
      idempotencyKey: key,
      messageId: messageIdFor(key, mailer.from),
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html === undefined ? {} : { html: email.html }),
    }));
  } catch (error) {
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
    const final = outcome === 'rejected' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await moveDelivery(db, key, 'SENDING', final ? 'FAILED' : 'PENDING', lastError, clock.now());
    if (final) await recordFailed(db, email.source, clock.now());
    if (outcome === 'rejected') throw new UnrecoverableError(`SMTP server refused the email: ${lastError}`);
    throw error;
  }

  await recordSent(db, key, messageId, email.source, clock.now());
  return { status: 'sent', messageId };
}
