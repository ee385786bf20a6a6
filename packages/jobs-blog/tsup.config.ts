import { defineConfig } from 'tsup';

export default defineConfig({
  // `index`: the web app's producers, light for a request handler; `worker`: the publisher.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: true,
});
