import { randomUUID } from 'node:crypto';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of one test file's own, so files running in parallel never meet. */
export function uniquePrefix(): string {
  return `yg-test-${randomUUID().slice(0, 8)}`;
}
