import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: `initializeAllWorkers` and friends, for an app that runs the workers itself.
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    clean: true,
    sourcemap: true,
  },
  {
    // The `yg-worker` command; ESM only (the package is "type": "module").
    entry: ['src/cli.ts'],
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
  },
]);
