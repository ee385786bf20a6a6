import { type PayloadIssue, ValidationError } from '@yg/job-contracts';

/** A search query that cannot run; the message names each bad field. A {@link ValidationError}. */
export class SearchQueryError extends ValidationError {
  override readonly name = 'SearchQueryError';

  constructor(issues: readonly PayloadIssue[]) {
    super('search query', issues);
  }
}
