import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'queue-core',
    include: ['test/**/*.test.ts'],
  },
});
