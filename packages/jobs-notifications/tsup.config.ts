import { defineConfig } from 'tsup';

export default defineConfig({
  // Two entries: the light producer side (`.`) and the worker side (`./worker`, with nodemailer).
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: true,
});
