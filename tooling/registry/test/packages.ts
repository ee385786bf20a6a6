import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run';

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
}

const workspaceDirs = ['packages', 'apps'].map((dir) =>
  fileURLToPath(new URL(`../../../${dir}/`, import.meta.url)),
);

/**
 * Every package under packages/ and apps/ that is not private: what `changeset publish` would
 * publish (the libraries, and `@yg/worker` with its `yg-worker` command).
 */
export function publishedPackages(): WorkspacePackage[] {
  return workspaceDirs
    .flatMap((parent) => readdirSync(parent).map((name) => join(parent, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/**
 * Packs a package as it is built now, the way a release does: `pnpm pack` rewrites `workspace:*`
 * ranges to the versions of the workspace packages. It does not build: `pnpm test` builds first.
 */
export async function pack(pkg: WorkspacePackage, destination: string): Promise<string> {
  if (!existsSync(join(pkg.dir, 'dist'))) {
    throw new Error(`${pkg.name} has no dist folder: build first (pnpm exec turbo run build)`);
  }
  const out = await run('pnpm', ['pack', '--json', '--pack-destination', destination], { cwd: pkg.dir });
  return (JSON.parse(out) as { filename: string }).filename;
}
