import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs from this package (it needs no database). Migrations are written by
// tooling/prisma-migrate and applied by this package's own applier (`pnpm db:migrate`).
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
