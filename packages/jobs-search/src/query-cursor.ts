import { SearchQueryError } from './query-error';

/** Where the previous page ended, in the result order (tier, then newest first, then id). */
export interface QueryPosition {
  /** 1: the title matched; 2: only the rest of the document did. */
  tier: 1 | 2;
  /** The document's `source_updated_at`, exactly as PostgreSQL printed it. */
  version: string;
  id: string;
}

export function encodeCursor(position: QueryPosition): string {
  return Buffer.from(JSON.stringify([position.tier, position.version, position.id])).toString('base64url');
}

// PostgreSQL's text form of a timestamp without time zone.
const VERSION = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function decodeCursor(cursor: string): QueryPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A forged id with a NUL byte would reach PostgreSQL, which cannot compare it (error 22021).
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      (value[0] === 1 || value[0] === 2) &&
      typeof value[1] === 'string' &&
      VERSION.test(value[1]) &&
      typeof value[2] === 'string' &&
      !value[2].includes('\u0000')
    ) {
      return { tier: value[0], version: value[1], id: value[2] };
    }
  } catch {
    // reported below
  }
  throw new SearchQueryError([{ field: 'cursor', message: 'is not a cursor returned by searchDocuments' }]);
}
