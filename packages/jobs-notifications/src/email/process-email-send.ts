import type { EmailSendPayload } from '@yg/job-contracts';
import { UnrecoverableError } from '@yg/queue-core';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { messageIdFor } from './message-id';
import { recordSourceFailed, recordSourceSent } from './record-source';
import { describeSendError, sendOutcome } from './send-outcome';

export type EmailSendResult =
  | { status: 'sent'; messageId: string }
  | { status: 'already-sent' | 'unconfirmed' | 'failed' };

const UNCONFIRMED_AFTER_CRASH =
  'An earlier attempt stopped while sending (its worker died): the mail may have left. ' +
  'Not sent again, since a lost email is better than a duplicate.';

/**
 * Sends one email at most once. The EmailDelivery row (unique idempotency key) is written before
 * anything is sent, and its status is the lock:
 *
 *   PENDING ──claim──► SENDING ──sent──► SENT
 *      ▲                  │ provably not sent (refused connection, 4xx …): back, and retry
 *      └──────────────────┤ 5xx, or out of attempts ──► FAILED
 *                         └ outcome unknown (connection lost mid-send) ──► UNCONFIRMED
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
  const log = logger.child({ jobId: job.id, idempotencyKey: key });

  await db.emailDelivery.createMany({
    data: [
      {
        idempotencyKey: key,
        recipient: email.to,
        subject: email.subject,
        userId: email.userId ?? null,
        template: email.template ?? null,
      },
    ],
    skipDuplicates: true,
  });
  const claimed = await db.emailDelivery.updateMany({
    where: { idempotencyKey: key, status: 'PENDING' },
    data: { status: 'SENDING', attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return settleUnclaimed(job, deps);

  let sent: { messageId: string; response: string };
  try {
    sent = await mailer.send({
      idempotencyKey: key,
      messageId: messageIdFor(key, mailer.from),
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html === undefined ? {} : { html: email.html }),
    });
  } catch (error) {
    const lastError = describeSendError(error);
    const outcome = sendOutcome(error);
    if (outcome === 'unknown') {
      await db.emailDelivery.updateMany({
        where: { idempotencyKey: key, status: 'SENDING' },
        data: { status: 'UNCONFIRMED', lastError: `Outcome unknown, not sent again: ${lastError}` },
      });
      log.warn({ err: error }, 'email outcome unknown: marked UNCONFIRMED and not retried');
      return { status: 'unconfirmed' };
    }
    const attempts = job.opts.attempts ?? 1;
    const final = outcome === 'rejected' || job.attemptsMade + 1 >= attempts;
    await db.emailDelivery.updateMany({
      where: { idempotencyKey: key, status: 'SENDING' },
      data: { status: final ? 'FAILED' : 'PENDING', lastError },
    });
    if (final) await recordSourceFailed(db, email.source);
    if (outcome === 'rejected') throw new UnrecoverableError(`SMTP server refused the email: ${lastError}`);
    throw error;
  }

  const now = clock.now();
  // UNCONFIRMED too: should another worker have given this attempt up for dead meanwhile, the
  // send did complete after all.
  await db.emailDelivery.updateMany({
    where: { idempotencyKey: key, status: { in: ['SENDING', 'UNCONFIRMED'] } },
    data: { status: 'SENT', messageId: sent.messageId, sentAt: now, lastError: null },
  });
  await recordSourceSent(db, email.source, now);
  return { status: 'sent', messageId: sent.messageId };
}

/** Another attempt (or job) owns the row or already finished it: never send from here. */
async function settleUnclaimed(
  job: Job<EmailSendPayload>,
  { db, logger, clock }: ProcessorDeps,
): Promise<EmailSendResult> {
  const key = job.data.idempotencyKey;
  const row = await db.emailDelivery.findUnique({ where: { idempotencyKey: key }, select: { status: true } });
  switch (row?.status) {
    case 'SENT':
      // The send may have completed just before a crash that skipped this bookkeeping.
      await recordSourceSent(db, job.data.source, clock.now());
      return { status: 'already-sent' };
    case 'SENDING': {
      const marked = await db.emailDelivery.updateMany({
        where: { idempotencyKey: key, status: 'SENDING' },
        data: { status: 'UNCONFIRMED', lastError: UNCONFIRMED_AFTER_CRASH },
      });
      if (marked.count > 0) {
        logger.warn(
          { jobId: job.id, idempotencyKey: key },
          'email found mid-send from an attempt that died: marked UNCONFIRMED, not sent again',
        );
      }
      return { status: 'unconfirmed' };
    }
    case 'UNCONFIRMED':
      return { status: 'unconfirmed' };
    case 'FAILED':
      return { status: 'failed' };
    default:
      // PENDING again: another attempt released it a moment ago. Retry later rather than race it.
      throw new Error(`Email ${key} is being handled by another attempt; retrying`);
  }
}
