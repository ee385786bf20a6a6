import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A migrations folder in Prisma's layout, made of the given scripts, for tests of the applier. */
export interface MigrationFixture {
  dir: string;
  write(name: string, sql: string): Promise<void>;
  remove(): Promise<void>;
}

export async function migrationFixture(migrations: Record<string, string>): Promise<MigrationFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'yg-db-migrations-'));
  const write = async (name: string, sql: string) => {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'migration.sql'), sql);
  };
  await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) await write(name, sql);
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
}
