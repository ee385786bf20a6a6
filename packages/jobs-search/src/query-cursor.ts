import { SearchQueryError } from './query-error';

/** Where the previous page ended, in the result order (rank descending, then document id). */
export interface QueryPosition {
  rank: number;
  id: string;
}

export function encodeCursor(position: QueryPosition): string {
  return Buffer.from(JSON.stringify([position.rank, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): QueryPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A forged id with a NUL byte would reach PostgreSQL, which cannot compare it (error 22021).
    if (
      Array.isArray(value) &&
      typeof value[0] === 'number' &&
      Number.isFinite(value[0]) &&
      typeof value[1] === 'string' &&
      !value[1].includes('\u0000')
    ) {
      return { rank: value[0], id: value[1] };
    }
  } catch {
    // reported below
  }
  throw new SearchQueryError([{ field: 'cursor', message: 'is not a cursor returned by searchDocuments' }]);
}
