/**
 * What a failed send tells about the email, from nodemailer's error properties:
 *
 * - `not-sent`: the server never took the message (no connection, no greeting, TLS or login
 *   failed, or the server answered with a 4xx). Sending again cannot duplicate it: retry.
 * - `rejected`: the server answered 5xx. It will not take this message: fail for good.
 * - `unknown`: the connection broke or timed out after it was established and without a reply.
 *   That includes the moment after the message was streamed and before the server's "250": the
 *   mail may have left. Sending again could duplicate it, so it is not retried.
 */
export type SendOutcome = 'not-sent' | 'rejected' | 'unknown';

interface NodemailerError {
  code?: string;
  originalCode?: string;
  command?: string;
  responseCode?: number;
  timeoutType?: string;
}

// Failures before any SMTP transaction could start: nothing was handed to the server.
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
// nodemailer's timers of the connection phases (the socket's own idle timeout is not one of them).
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

export function sendOutcome(error: unknown): SendOutcome {
  const e = (error ?? {}) as NodemailerError;
  // Before the reply code: a refused login carries one too (535), yet it is about the operator's
  // credentials, not this message, and nothing was handed over. Retried once they work again.
  if (e.code && BEFORE_SESSION_CODES.has(e.code)) return 'not-sent';
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 ? 'rejected' : 'not-sent';
  // Refused before the message: the envelope was invalid (checked locally by nodemailer).
  if (e.code === 'EENVELOPE' && e.command === 'API') return 'rejected';
  if (e.originalCode && CONNECT_FAILURES.has(e.originalCode)) return 'not-sent';
  if (e.timeoutType && SETUP_TIMEOUTS.has(e.timeoutType)) return 'not-sent';
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
