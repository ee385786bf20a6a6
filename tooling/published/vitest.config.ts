import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'published',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
