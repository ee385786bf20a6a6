import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: true,
  esbuildOptions(options) {
    // zod's loader reads `import.meta` only where it is there (the ES module build) and takes
    // `require` where it is empty (the CommonJS build): the empty `import.meta` is intended.
    options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' };
  },
});
