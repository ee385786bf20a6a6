import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

let redisClass: typeof Redis | undefined;

/**
 * ioredis's `Redis` class, loaded at the first connection rather than at import: loading it costs
 * about 40 ms, which a web handler or a serverless function importing a producer should not pay
 * before it enqueues (BullMQ defers it the same way). `require`, not `import()`, so connections
 * stay synchronous to create; ioredis is CommonJS, and the module cache gives BullMQ the same copy.
 */
export function ioredis(): typeof Redis {
  redisClass ??= (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;
  return redisClass;
}
