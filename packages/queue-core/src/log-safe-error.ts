/**
 * Errors as they may be shown: in a log line, a health report, a wrapped error's `cause`.
 *
 * Libraries attach what they were doing to their errors, and that can be a secret: ioredis puts
 * the failed command on `error.command` (for AUTH its arguments are the password), drivers repeat
 * connection strings in messages. So errors are copied field by field from a list of what is
 * safe to show, never spread, and every string copied loses the credentials of any URL in it.
 */

/** An error reduced to what can be shown. */
export interface LogSafeError {
  name: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: LogSafeError;
  /** The errors of an `AggregateError`. */
  errors?: LogSafeError[];
  /** A `ValidationError`'s fields at fault. */
  issues?: { field: string; message: string }[];
  [detail: string]: unknown;
}

// Plain details worth keeping (numbers and short strings naming a place or a reply, never data).
const DETAILS = [
  'target',
  'variable',
  'subject',
  'job',
  'errno',
  'syscall',
  'address',
  'port',
  'responseCode',
  'statusCode',
] as const;

// How deep a chain of causes is followed; deeper ones are cut (and cycles with them).
const MAX_DEPTH = 8;

// scheme://user:password@ (any scheme: redis, rediss, postgres(ql), smtp(s), amqp(s), …). The
// password runs to the last "@" of the token, so one holding an unencoded "@" is hidden whole.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):[^\s"'<>]*@/gi;

/** The text with the password of every URL in it replaced: `redis://user:***@host`. */
export function redactCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1$2:***@');
}

/**
 * The error (or anything thrown) as a plain object of what may be shown: name, message, code,
 * stack and a few plain details, with `cause` and `errors` followed; library attachments such as
 * ioredis's `command`/`args`/`previousErrors` are left behind. pino's `err` serializer.
 */
export function logSafeError(error: unknown): LogSafeError {
  return reduce(error, 0);
}

/**
 * A real `Error` carrying only what {@link logSafeError} keeps, for a wrapping error's `cause`:
 * `util.inspect` of the wrapper then shows nothing the logs would not.
 */
export function logSafeCopy(error: unknown): Error {
  return toError(reduce(error, 0));
}

function reduce(error: unknown, depth: number): LogSafeError {
  if (typeof error !== 'object' || error === null) {
    return { name: typeof error, message: redactCredentials(String(error)) };
  }
  const source = error as Record<string, unknown>;
  const name =
    typeof source.name === 'string' && source.name !== ''
      ? source.name
      : (source.constructor?.name ?? 'Object');
  const safe: LogSafeError = {
    name,
    message: redactCredentials(typeof source.message === 'string' ? source.message : String(error)),
  };
  if (typeof source.code === 'string' || typeof source.code === 'number') {
    safe.code = typeof source.code === 'string' ? redactCredentials(source.code) : source.code;
  }
  if (typeof source.stack === 'string') safe.stack = redactCredentials(source.stack);
  for (const key of DETAILS) {
    const value = source[key];
    if (typeof value === 'number' || typeof value === 'boolean') safe[key] = value;
    else if (typeof value === 'string') safe[key] = redactCredentials(value);
  }
  if (Array.isArray(source.issues)) {
    safe.issues = source.issues.map((issue) => ({
      field: redactCredentials(String((issue as { field?: unknown })?.field ?? '')),
      message: redactCredentials(String((issue as { message?: unknown })?.message ?? '')),
    }));
  }
  if (depth < MAX_DEPTH) {
    if (source.cause !== undefined) safe.cause = reduce(source.cause, depth + 1);
    if (Array.isArray(source.errors)) safe.errors = source.errors.map((e) => reduce(e, depth + 1));
  }
  return safe;
}

function toError(safe: LogSafeError): Error {
  const options = safe.cause ? { cause: toError(safe.cause) } : undefined;
  const copy: Error & { code?: string | number; errors?: Error[] } = safe.errors
    ? new AggregateError(safe.errors.map(toError), safe.message, options)
    : new Error(safe.message, options);
  copy.name = safe.name;
  copy.stack = safe.stack ?? `${safe.name}: ${safe.message}`;
  if (safe.code !== undefined) copy.code = safe.code;
  return copy;
}
