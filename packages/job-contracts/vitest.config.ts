import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'job-contracts',
    include: ['test/**/*.test.ts'],
  },
});
