/**
 * What a failed send tells about the email, from nodemailer's error properties:
 *
 * - `unavailable`: the server could not be used at all — nothing listens, the name does not
 *   resolve, no greeting, TLS or the login failed, or it said "421 service not available". No
 *   email can get through, and nothing was handed over: an outage, not this email's fault.
 * - `not-sent`: the server answered this message with another 4xx ("try later"). Sending again
 *   cannot duplicate it: retry, spending an attempt.
 * - `rejected`: the server answered 5xx. It will not take this message: fail for good.
 * - `unknown`: the connection broke or timed out after it was established and without a reply,
 *   once the message's content had begun to go out. That includes the moment after the message
 *   was streamed and before the server's "250": the mail may have left. Sending again could
 *   duplicate it, so it is not retried. The same break before a byte of the content went (in the
 *   envelope, before the server's 354, see {@link markContentNeverSent}) is `not-sent`: a server
 *   delivers nothing without the content and its ending. A connection that closed before it
 *   could take the message at all (before or at the greeting) is `unavailable`.
 */
export type SendOutcome = 'unavailable' | 'not-sent' | 'rejected' | 'unknown';

interface NodemailerError {
  code?: string;
  originalCode?: string;
  command?: string;
  responseCode?: number;
  timeoutType?: string;
}

// Failures before any SMTP transaction could start: nothing was handed to the server, and every
// email would meet the same failure. A refused login (EAUTH, 535) is among them, although it
// carries a reply code: it is about the operator's credentials, not this message, so it is an
// outage too. Spending attempts on it would fail every email of the queue for good within minutes
// of a password rotation; as an outage the queue waits (one probe every 15 s, a warning in the
// log, /health unchanged) and sends everything once the credentials work again.
const BEFORE_SESSION_CODES = new Set(['EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'EPROXY']);
// The socket never connected.
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
// nodemailer's codes for a connection that broke, failed or timed out (its pool's "maximum number
// of retries" for connections closed before their greeting among them): about the connection,
// never about a message.
const CONNECTION_FAILURES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT']);
// nodemailer's timers of the connection phases (the socket's own idle timeout is not one of them).
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
// "Service not available, closing transmission channel": the server, not the message.
const SERVICE_UNAVAILABLE = 421;

/** Failures that came before any content went, and whether the message's transaction had begun. */
const contentNeverSent = new WeakMap<object, { transactionStarted: boolean }>();

/**
 * Records that `error` ended a send before any of the message's content was handed to the
 * connection (the mailer knows: nodemailer reads the content only after the server's 354), and
 * whether the connection had got as far as starting the message's transaction.
 */
export function markContentNeverSent(
  error: unknown,
  { transactionStarted }: { transactionStarted: boolean },
): void {
  if (typeof error === 'object' && error !== null) contentNeverSent.set(error, { transactionStarted });
}

export function sendOutcome(error: unknown): SendOutcome {
  const e = (error ?? {}) as NodemailerError;
  if (e.code && BEFORE_SESSION_CODES.has(e.code)) return 'unavailable';
  if (e.responseCode === SERVICE_UNAVAILABLE) return 'unavailable';
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 ? 'rejected' : 'not-sent';
  // Refused before the message: the envelope was invalid (checked locally by nodemailer).
  if (e.code === 'EENVELOPE' && e.command === 'API') return 'rejected';
  if (e.originalCode && CONNECT_FAILURES.has(e.originalCode)) return 'unavailable';
  if (e.timeoutType && SETUP_TIMEOUTS.has(e.timeoutType)) return 'unavailable';
  // The connection failed before this message had one (a server, or a balancer in front of one,
  // that closes before its greeting): as an outage, for it to wait without spending attempts.
  const unsent = contentNeverSent.get(e);
  if (unsent && !unsent.transactionStarted && e.code && CONNECTION_FAILURES.has(e.code)) return 'unavailable';
  if (unsent) return 'not-sent';
  return 'unknown';
}

/** The error as one line for `lastError`: message plus nodemailer's code and command. */
export function describeSendError(error: unknown): string {
  const e = error as NodemailerError & { message?: string };
  const parts = [e?.message ?? String(error)];
  if (e?.code) parts.push(`code=${e.code}`);
  if (e?.command) parts.push(`command=${e.command}`);
  return parts.join(' ').slice(0, 1000);
}
