import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: true,
  // `import.meta.url` in the CommonJS build too (the lazy require of ioredis).
  shims: true,
});
