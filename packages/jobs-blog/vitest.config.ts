import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'jobs-blog',
    include: ['test/**/*.test.ts'],
    // Real Redis and PostgreSQL: generous bounds so a loaded machine cannot fail a test.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
