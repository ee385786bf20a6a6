import { defineConfig } from 'tsup';

const libraryEntries = {
  // The library: the generated Prisma client (src/generated) is bundled in; @prisma/client's runtime
  // stays an external dependency.
  index: 'src/index.ts',
  // Test and deploy tools, at subpaths of their own so that the root stays what production needs.
  testing: 'src/testing.ts',
  migrate: 'src/migrate/index.ts',
};

export default defineConfig({
  // cli: the `yg-db` command (bin), which needs no types.
  entry: { ...libraryEntries, cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: libraryEntries },
  // Shared code goes to chunks in CommonJS too (tsup splits only ESM by default): without it each
  // .cjs entry would carry its own copy of the error classes and the default client, and an error
  // thrown by `@yg/db/migrate` would not be an `instanceof` the class that `@yg/db` exports.
  splitting: true,
  // tsup's CommonJS split output assigns classes to temporaries (`_class3 = class …`), which would
  // rename every error class; keepNames keeps `DatabaseUrlError.name` what the source says.
  keepNames: true,
  target: 'node20',
  clean: true,
  sourcemap: true,
  // The generated client and the migrations lookup use import.meta.url, which CJS lacks.
  shims: true,
});
