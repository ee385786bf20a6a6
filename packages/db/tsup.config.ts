import { defineConfig } from 'tsup';

export default defineConfig({
  // index: the library. The generated Prisma client (src/generated) is bundled in; @prisma/client's
  // runtime stays an external dependency. cli: the `yg-db` command (bin), which needs no types.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  target: 'node20',
  clean: true,
  sourcemap: true,
  // The generated client and the migrations lookup use import.meta.url, which CJS lacks.
  shims: true,
});
