import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationsNotFoundError } from '../errors/index';
import { migrationChecksum } from './checksum';

export interface MigrationFile {
  /** The folder's name, e.g. 20250101000000_init: what `_prisma_migrations.migration_name` holds. */
  name: string;
  script: Buffer;
  checksum: string;
}

/**
 * The migrations shipped with this package. Found by walking up from this module, because it runs
 * both from src/migrate (tests) and bundled into dist (published package).
 */
export function packageMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(join(candidate, 'migration_lock.toml'))) return candidate;
    dir = dirname(dir);
  }
  throw new MigrationsNotFoundError(
    'The migrations of @yg/db (prisma/migrations) were not found beside the package.',
  );
}

/** Every folder with a migration.sql, in name order (Prisma's order: the names start with a timestamp). */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  if (!existsSync(dir)) throw new MigrationsNotFoundError(`The migrations folder ${dir} does not exist.`);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const path = join(dir, name, 'migration.sql');
    if (!existsSync(path)) continue;
    const script = await readFile(path);
    migrations.push({ name, script, checksum: migrationChecksum(script) });
  }
  return migrations;
}
