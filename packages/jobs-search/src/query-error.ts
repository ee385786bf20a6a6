import { payloadIssues } from '@yg/job-contracts';
import type { z } from 'zod';

/** A search query that cannot run; the message names each bad field. */
export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
  readonly issues: readonly { field: string; message: string }[];

  constructor(issues: readonly { field: string; message: string }[]) {
    super(`Invalid search query: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }

  static fromZod(error: z.ZodError): SearchQueryError {
    return new SearchQueryError(payloadIssues(error));
  }
}
