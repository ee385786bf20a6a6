import type * as ZodModule from 'zod';

/** zod's namespace, the `z` of `import { z } from 'zod'`. */
export type Zod = typeof ZodModule.z;

let zod: Zod | undefined;

/**
 * zod, loaded on the first call rather than at import. Loading it takes about 100 ms, more than a
 * third of BullMQ's own import: a web handler or a serverless function that imports a producer
 * should not pay it before it validates a payload. Synchronous, so that `parse()` stays so.
 */
export function loadZod(): Zod {
  zod ??= requireZod().z;
  return zod;
}

function requireZod(): typeof ZodModule {
  // The ES module build. `require('zod')` would load zod's CommonJS build, a second copy beside
  // the one `import 'zod'` gives a user; requiring the file that `import` resolves to gives that
  // very instance instead (Node's require of an ES module shares the import cache). No static
  // import of Node's modules: contracts also validate in a bundle built for other runtimes.
  if (typeof import.meta.resolve === 'function') {
    const { createRequire } = process.getBuiltinModule('node:module');
    const { fileURLToPath } = process.getBuiltinModule('node:url');
    return createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('zod'))) as typeof ZodModule;
  }
  // The CommonJS build, where `import.meta` is empty: zod's CommonJS build, the copy a CommonJS
  // user's `require('zod')` gives too.
  return require('zod') as typeof ZodModule;
}
