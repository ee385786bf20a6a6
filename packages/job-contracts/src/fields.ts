import { lazySchema } from './lazy-schema';
import { loadZod } from './zod-runtime';

/**
 * A string of at most `max` characters without NUL bytes: the one builder of every string field.
 * The bound keeps Redis memory in check (payloads stay in Redis with thousands of failed jobs);
 * PostgreSQL text cannot hold NUL (error 22021), so a NUL would fail every retry of the job and,
 * in a batch, the jobs written with it.
 */
export function Text(max: number, { min = 0, trim = false }: { min?: number; trim?: boolean } = {}) {
  const z = loadZod();
  // Trimmed first, so that the bounds apply to what is kept.
  const bounded = (trim ? z.string().trim() : z.string()).max(max, `must be at most ${max} characters`);
  return (
    min > 0
      ? bounded.min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
      : bounded
  ).refine((text) => !text.includes('\u0000'), 'must not contain NUL bytes');
}

const ENTITY_ID_MAX = 191;

/** A database id: non-empty, no surrounding whitespace, at most 191 characters, no NUL. */
export const EntityId = lazySchema(() =>
  Text(ENTITY_ID_MAX, { min: 1 }).refine((id) => id.trim() === id, 'must not have surrounding whitespace'),
);

/** {@link EntityId}'s rules as a plain test, for a contract's `quickParse`. */
export function isEntityId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= ENTITY_ID_MAX &&
    !value.includes('\u0000') &&
    value.trim() === value
  );
}

/** A calendar date `YYYY-MM-DD` that exists (2025-02-30 is rejected). */
export const CalendarDate = lazySchema((z) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine(isRealDate, 'must be a real calendar date'),
);

/** A calendar month `YYYY-MM`. */
export const CalendarMonth = lazySchema((z) =>
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'),
);

/** A storage key: relative, no `..` segments, no backslashes, no NUL. */
export const StorageKey = lazySchema(() =>
  Text(1024, { min: 1 })
    .refine((key) => !key.startsWith('/'), 'must be relative, not an absolute path')
    .refine((key) => !key.split('/').includes('..'), 'must not contain ".." segments')
    .refine((key) => !key.includes('\\'), 'must not contain backslashes'),
);

/** A MIME type; RFC 6838 allows 127 characters each for type and subtype. */
export const MimeType = lazySchema(() =>
  Text(255).regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like video/mp4'),
);

// zod's own address pattern (no quoted local parts, no IP literals, a dot in the domain and a TLD of
// two letters or more), with letters, marks and digits of any script where it allows ASCII ones,
// and punycode TLDs (`xn--…`).
const ADDRESS =
  /^(?!\.)(?!.*\.\.)[\p{L}\p{M}\p{N}_'+\-.]*[\p{L}\p{M}\p{N}_+-]@([\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}-]*\.)+(?:[\p{L}\p{M}]{2,}|[Xx][Nn]--[A-Za-z0-9-]+)$/u;

/**
 * An email address SMTP can carry, internationalized ones included (`josé@example.com`,
 * `info@münchen.de`): nodemailer sends the domain as punycode and a UTF-8 local part with
 * SMTPUTF8 (RFC 6531); a server without SMTPUTF8 may refuse that one email, not the others. At
 * most 254 characters, the longest path RFC 5321 allows.
 */
export const EmailAddress = lazySchema((z) =>
  z
    .string()
    // First, so that the pattern never runs over a string of any length.
    .max(254, { error: 'must be at most 254 characters', abort: true })
    .pipe(z.email({ pattern: ADDRESS })),
);

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
