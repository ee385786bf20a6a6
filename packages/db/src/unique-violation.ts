// PostgreSQL's unique_violation, and the names Prisma gives it: P2002 from a model query, the
// driver adapter's kind from a raw one.
const UNIQUE_SQLSTATE = '23505';
const UNIQUE_PRISMA_CODE = 'P2002';
const UNIQUE_ADAPTER_KIND = 'UniqueConstraintViolation';

interface ErrorShape {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/**
 * Tells whether an error from the Prisma client or `pg` is a unique constraint refusing a row
 * (SQLSTATE 23505), however it was wrapped. Callers that race other writers to the same key rely
 * on it to tell "someone else got there first" from a real failure. Anything that is not such an
 * error (null, a string, another failure) is `false`.
 */
export function uniqueViolation(error: unknown): boolean {
  return isUniqueViolation(error, 0);
}

function isUniqueViolation(value: unknown, depth: number): boolean {
  if (!value || typeof value !== 'object' || depth > 4) return false;
  const error = value as ErrorShape;
  if (error.code === UNIQUE_SQLSTATE || error.code === UNIQUE_PRISMA_CODE) return true;
  if (error.kind === UNIQUE_ADAPTER_KIND || error.originalCode === UNIQUE_SQLSTATE) return true;
  return (
    isUniqueViolation(error.meta?.driverAdapterError, depth + 1) || isUniqueViolation(error.cause, depth + 1)
  );
}
