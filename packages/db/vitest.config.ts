import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'db',
    include: ['test/**/*.test.ts'],
    // Every file creates and migrates its own databases on a server that other test files (and,
    // on a shared machine, other packages' tests) use at the same time: generous limits, so a busy
    // machine does not turn into a failure. No test measures time.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
