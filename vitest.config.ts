import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tooling/*/vitest.config.ts'],
    reporters: ['default', './tooling/vitest/summary-reporter.ts'],
    // Files and the tests in them run in a random order (projects inherit this), so a test that only
    // passes after another fails soon. The seed is printed at the start of the run; repeat an order
    // with --sequence.seed=<seed>.
    sequence: { shuffle: true },
    // In the root config, not a project's: it runs once for the whole run, and its teardown after
    // every project finished. It fails the run when a test left a Redis key behind.
    globalSetup: ['./tooling/vitest/leftovers.ts'],
  },
});
