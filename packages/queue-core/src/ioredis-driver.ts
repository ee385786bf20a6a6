import { createRequire } from 'node:module';

let driver: typeof import('ioredis') | undefined;

/**
 * ioredis (its `Redis` and `Cluster` classes), loaded at the first connection rather than at
 * import: loading it costs about 40 ms, which a web handler or a serverless function importing a
 * producer should not pay before it enqueues (BullMQ defers it the same way). `require`, not
 * `import()`, so connections stay synchronous to create; ioredis is CommonJS, and the module cache
 * gives BullMQ the same copy.
 */
export function ioredis(): typeof import('ioredis') {
  driver ??= createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  return driver;
}
