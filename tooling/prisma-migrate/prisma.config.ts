import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// Prisma 6.19's CLI needs a driver adapter and the JS schema engine to run offline (its native
// engines cannot be downloaded here). The CLI opens a connection at start even for a diff between
// two datamodels, so the URL must reach a server; the diff itself reads and writes nothing there.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      // Without it the idle pool keeps the CLI alive for 10 s after its work is done.
      allowExitOnIdle: true,
    }),
});
