import { databaseOutage } from '@yg/db';
import type { EmailSendBatchPayload, EmailSendPayload } from '@yg/job-contracts';
import { DependencyDownError, RetryLaterError, UnrecoverableError } from '@yg/queue-core';
import type { Job } from 'bullmq';
import type { ProcessorDeps } from '../deps';
import { deliveryStatuses } from '../email/delivery-record';
import { type EmailAttempt, type EmailSendResult, processEmailSend, settleUnclaimed } from './send-email';

export interface EmailBatchResult {
  /** Emails this run sent. */
  sent: number;
  /** Emails an earlier run (or another job with the same email) had sent. */
  alreadySent: number;
  /** Emails whose send an attempt that died left in doubt: not sent again. */
  unconfirmed: number;
  /**
   * Emails another job was sending (the same email queued twice): left to it. Should that job
   * have died, the sweep marks the email UNCONFIRMED once no live attempt can hold it.
   */
  sendingElsewhere: number;
  /** Emails that failed for good (the server refused them, or they ran out of attempts). */
  failed: number;
}

export interface EmailBatchOptions {
  /**
   * Milliseconds between the starts of a batch's emails: set when the digest mail rate is below
   * a batch a second, so that a batch does not leave as one burst. @defaultValue 0
   */
  spacingMs?: number;
}

/**
 * A digest mail batch: each email is sent exactly as an `email-send` job sends it (claimed once a
 * connection is free, recorded when the server took it), all of them at once, sharing the mailer's
 * connections and their SQL statements with every other email in flight. The batch ends when every
 * email is settled. When some are not, the batch is run again, and only those are sent: the others
 * are settled from their delivery rows. Which error it ends with decides how it comes back:
 *
 * - a dependency down (SMTP, PostgreSQL): it waits for the dependency without spending an attempt;
 * - an email's own failure (a 4xx reply, say): it spends an attempt, as the email's own job would;
 * - only emails that could not start (the worker shutting down, another attempt on the same
 *   email): it comes back later without spending one.
 *
 * An email the server refused (5xx) is FAILED and settled: it does not fail its batch.
 */
export function createEmailBatchProcessor(options: EmailBatchOptions = {}) {
  const spacingMs = options.spacingMs ?? 0;
  return async function processEmailSendBatch(
    job: Job<EmailSendBatchPayload>,
    deps: ProcessorDeps,
  ): Promise<EmailBatchResult> {
    // One read for the batch: an email settled already (a batch queued twice, by a digest run's
    // retry say) is settled from its row without taking a connection, where a claim refused on a
    // connection would cost that connection.
    const statuses = await deliveryStatuses(
      deps.db,
      job.data.emails.map((email) => email.idempotencyKey),
    );
    const outcomes = await Promise.allSettled(
      job.data.emails.map(
        async (email, index): Promise<EmailSendResult | { status: 'sending-elsewhere' }> => {
          const status = statuses.get(email.idempotencyKey);
          // On a first attempt, SENDING is another job's send in progress, not this batch's own
          // earlier run that died: marking it UNCONFIRMED would keep that job from putting it back
          // after a 4xx.
          if (status === 'SENDING' && job.attemptsStarted <= 1) return { status: 'sending-elsewhere' };
          if (status !== undefined && status !== 'PENDING') {
            return settleUnclaimed(attemptOf(job, email), deps, status);
          }
          if (spacingMs > 0 && index > 0)
            await new Promise((resolve) => setTimeout(resolve, index * spacingMs));
          return processEmailSend(attemptOf(job, email), deps, { readPending: true });
        },
      ),
    );
    const result: EmailBatchResult = {
      sent: 0,
      alreadySent: 0,
      unconfirmed: 0,
      sendingElsewhere: 0,
      failed: 0,
    };
    const unsettled: unknown[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        if (outcome.reason instanceof UnrecoverableError) result.failed++;
        else unsettled.push(outcome.reason);
        continue;
      }
      const { status } = outcome.value;
      if (status === 'sent') result.sent++;
      else if (status === 'already-sent') result.alreadySent++;
      else if (status === 'unconfirmed') result.unconfirmed++;
      else if (status === 'sending-elsewhere') result.sendingElsewhere++;
      else result.failed++;
    }
    if (unsettled.length > 0) throw mostPressing(unsettled);
    return result;
  };
}

/** The default batch processor: no spacing between emails. */
export const processEmailSendBatch = createEmailBatchProcessor();

/** One email of the batch, as sending it reads its job: the batch's id and attempts. */
function attemptOf(job: Job<EmailSendBatchPayload>, email: EmailSendPayload): EmailAttempt {
  return {
    id: job.id,
    data: email,
    attemptsStarted: job.attemptsStarted,
    attemptsMade: job.attemptsMade,
    opts: job.opts,
  };
}

/** The error that decides how the batch comes back (see {@link createEmailBatchProcessor}). */
function mostPressing(errors: readonly unknown[]): unknown {
  return (
    errors.find((error) => error instanceof DependencyDownError || databaseOutage(error)) ??
    errors.find((error) => !(error instanceof RetryLaterError)) ??
    errors[0]
  );
}
