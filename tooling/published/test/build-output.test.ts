import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// apps/ too: @yg/worker is published (its root is the workers, heavy by design: not in root-weight).
const parents = ['packages', 'apps'].map((dir) =>
  fileURLToPath(new URL(`../../../${dir}/`, import.meta.url)),
);
const published = parents
  .flatMap((parent) => readdirSync(parent).map((dir) => `${parent}${dir}`))
  .map((dir) => ({ dir, manifest: readManifest(`${dir}/package.json`) }))
  .filter(({ manifest }) => manifest && !manifest.private) as {
  dir: string;
  manifest: { name: string; exports?: Record<string, unknown> };
}[];

/** Every entry point a user can import: the root and each subpath export (`@yg/jobs-search/worker`). */
const entryPoints = published.flatMap(({ dir, manifest }) =>
  Object.keys(manifest.exports ?? { '.': {} })
    .filter((key) => key !== './package.json')
    .map((key) => [key === '.' ? manifest.name : `${manifest.name}${key.slice(1)}`, dir] as const),
);

function readManifest(path: string): { name: string; private?: boolean } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Loads a package the way a user's code would, in a fresh Node process, and lists its exports. */
function exportsOf(dir: string, load: string): string[] {
  const code = `${load}; console.log(JSON.stringify(Object.keys(m).sort()));`;
  // The process must also exit by itself: a connection or timer opened at load would hang it.
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(out) as string[];
}

describe('published packages, as built', () => {
  it('are found', () => {
    expect(published.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining(['@yg/job-contracts', '@yg/queue-core', '@yg/db']),
    );
  });

  it.each(entryPoints)(
    '%s exports the same names to import and to require(), starting nothing at load',
    (name, dir) => {
      const esm = exportsOf(dir, `const m = await import('${name}')`);
      const cjs = exportsOf(
        dir,
        `import { createRequire } from 'node:module'; const m = createRequire(process.cwd() + '/')('${name}')`,
      );
      expect(esm.length).toBeGreaterThan(0);
      expect(cjs).toEqual(esm);
    },
  );

  it.each([
    ['import', `const load = (name) => import(name)`],
    [
      'require()',
      `import { createRequire } from 'node:module'; const load = async (name) => createRequire(process.cwd() + '/')(name)`,
    ],
  ])("share one copy of @yg/db's error classes between its entry points (%s)", (_format, loader) => {
    // Each entry is bundled on its own: without shared chunks, the error that `@yg/db/migrate`
    // throws would be another class than the one a caller imports from `@yg/db` to catch it.
    const code = `${loader};
        const root = await load('@yg/db');
        const error = await (await load('@yg/db/migrate')).migrate('not a url').catch((e) => e);
        console.log(JSON.stringify([error instanceof root.DatabaseUrlError, root.DatabaseUrlError.name]));`;
    const db = published.find((p) => p.manifest.name === '@yg/db')!;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: db.dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(JSON.parse(out)).toEqual([true, 'DatabaseUrlError']);
  });
});
