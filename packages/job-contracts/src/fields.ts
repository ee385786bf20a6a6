import { z } from 'zod';

/** A database id: non-empty, no surrounding whitespace, bounded. */
export const EntityId = z
  .string()
  .min(1, 'must not be empty')
  .max(191)
  .refine((id) => id.trim() === id, 'must not have surrounding whitespace');

/** A calendar date `YYYY-MM-DD` that exists (2025-02-30 is rejected). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date');

/** A calendar month `YYYY-MM`. */
export const CalendarMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

/** A storage key: relative, no `..` segments, no backslashes, no NUL. */
export const StorageKey = z
  .string()
  .min(1, 'must not be empty')
  .max(1024)
  .refine((key) => !key.startsWith('/'), 'must be relative, not an absolute path')
  .refine((key) => !key.split('/').includes('..'), 'must not contain ".." segments')
  .refine((key) => !/[\\\0]/.test(key), 'must not contain backslashes or NUL bytes');

export const MimeType = z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like video/mp4');

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
