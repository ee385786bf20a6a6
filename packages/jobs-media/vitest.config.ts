import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'jobs-media',
    include: ['test/**/*.test.ts'],
    // Real Redis, PostgreSQL and child processes: generous bounds so a loaded machine cannot fail a test.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
