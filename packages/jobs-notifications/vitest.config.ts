import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'jobs-notifications',
    include: ['test/**/*.test.ts'],
    // Real Redis, PostgreSQL, an SMTP server and child processes: generous bounds so a loaded
    // machine cannot fail a test.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
