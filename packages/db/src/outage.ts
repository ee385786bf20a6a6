// PostgreSQL's SQLSTATE classes and codes that mean "the server is not there for us right now",
// not "this query is wrong": connection exceptions (08xxx), an administrator or crash shutdown
// (57P01–57P03), too many connections (53300), a database that does not exist (3D000: dropped or
// not yet created, an operator's fix).
const OUTAGE_SQLSTATES = /^(08\d{3}|57P0[1-3]|53300|3D000)$/;
// Prisma's codes for the same: can't reach, timed out, database missing, connection closed, pool
// timeout.
const OUTAGE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1003', 'P1008', 'P1017', 'P2024']);
// The driver adapter's kinds for them.
const OUTAGE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// Node's socket errors, as `pg` reports them when the server goes away.
const OUTAGE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const OUTAGE_MESSAGES = /Can't reach database server|Connection terminated|Server has closed the connection/;

interface ErrorShape {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/**
 * Tells whether an error from the Prisma client or `pg` means PostgreSQL is unavailable (down,
 * restarting, unreachable, out of connections, the database missing) rather than the query being
 * wrong. Returns `'postgres'` then, for the worker's outage handling: its jobs wait for the
 * database instead of spending their attempts.
 */
export function databaseOutage(error: unknown): 'postgres' | undefined {
  return isOutage(error, 0) ? 'postgres' : undefined;
}

function isOutage(value: unknown, depth: number): boolean {
  if (!value || typeof value !== 'object' || depth > 4) return false;
  const error = value as ErrorShape;
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (
    code &&
    (OUTAGE_PRISMA_CODES.has(code) || OUTAGE_SOCKET_CODES.has(code) || OUTAGE_SQLSTATES.test(code))
  ) {
    return true;
  }
  if (typeof error.kind === 'string' && OUTAGE_ADAPTER_KINDS.has(error.kind)) return true;
  if (typeof error.originalCode === 'string' && OUTAGE_SQLSTATES.test(error.originalCode)) return true;
  if (typeof error.message === 'string' && OUTAGE_MESSAGES.test(error.message)) return true;
  return isOutage(error.meta?.driverAdapterError, depth + 1) || isOutage(error.cause, depth + 1);
}
