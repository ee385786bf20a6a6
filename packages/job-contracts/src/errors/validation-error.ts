import type { z } from 'zod';
import { type PayloadIssue, payloadIssues } from './payload-issues';
import { YgError } from './yg-error';

/**
 * Input that yg-jobs refuses: a job payload, a notification, a search query. Every package
 * throws this type (or a subclass) for bad input, so one `instanceof ValidationError` catches
 * them all; `issues` names each bad field. Retrying cannot fix it.
 */
export class ValidationError extends YgError {
  override readonly name: string = 'ValidationError';
  readonly code = 'ERR_VALIDATION';
  /** What was refused, e.g. `payload for job email-send/send`, `notification`, `search query`. */
  readonly subject: string;
  readonly issues: readonly PayloadIssue[];

  constructor(subject: string, issues: readonly PayloadIssue[], options?: { cause?: unknown }) {
    super(`Invalid ${subject}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, options);
    this.subject = subject;
    this.issues = issues;
  }

  /** The issues of a failed zod parse, as a ValidationError about `subject`. */
  static fromZod(subject: string, error: z.ZodError): ValidationError {
    return new ValidationError(subject, payloadIssues(error));
  }
}
