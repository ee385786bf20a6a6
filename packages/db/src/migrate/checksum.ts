import { createHash } from 'node:crypto';

/** Prisma's checksum of a migration: lowercase hex SHA-256 of the bytes of migration.sql. */
export function migrationChecksum(script: Buffer | string): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a file still is what was applied. Like Prisma, a file whose only change is its line
 * endings (a checkout with autocrlf) still matches.
 */
export function checksumMatches(applied: string, script: Buffer): boolean {
  if (migrationChecksum(script) === applied) return true;
  const text = script.toString('utf8');
  const lf = text.replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  return migrationChecksum(lf) === applied || migrationChecksum(crlf) === applied;
}
