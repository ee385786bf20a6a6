import { defineConfig } from 'tsup';

export default defineConfig({
  // `index`: producers and the query, light enough for a web request handler; `worker`: processors.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: true,
});
