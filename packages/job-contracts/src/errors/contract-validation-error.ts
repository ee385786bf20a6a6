import type { z } from 'zod';
import { payloadIssues } from './payload-issues';
import { ValidationError } from './validation-error';

/** A payload that does not match its job's contract. Retrying cannot fix it. */
export class ContractValidationError extends ValidationError {
  override readonly name = 'ContractValidationError';
  /** The job, as `queue/name`. */
  readonly job: string;

  constructor(job: string, error: z.ZodError) {
    super(`payload for job ${job}`, payloadIssues(error));
    this.job = job;
  }
}
