import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The root export of a published package is what a web request handler imports: it must not pull
// the database client, the mailer or the media and storage SDKs in (docs/architecture.md). Nor zod
// and pino: they load on the first validation and the first logger (together about 40% of
// BullMQ's own import time). @yg/db is exempt: it is the database package.
const HEAVY = [
  '@yg/db',
  '@prisma/*',
  'pg',
  'nodemailer',
  'sharp',
  'fluent-ffmpeg',
  'clamscan',
  '@aws-sdk/*',
  'zod',
  'pino',
];
const EXEMPT = new Set(['@yg/db']);

const packagesDir = fileURLToPath(new URL('../../../packages/', import.meta.url));
const hooks = new URL('./support/record-resolutions.mjs', import.meta.url).href;
const MARK = 'resolved-module ';

/** Every published package under packages/ (so a new @yg/jobs-* is checked without a change here). */
const roots = readdirSync(packagesDir)
  .map((dir) => join(packagesDir, dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private)
  .map(({ dir, manifest }) => [manifest.name as string, dir] as const);

interface Probe {
  /** Names of the packages whose files were loaded. */
  packages: string[];
  /** What keeps the event loop busy right after the import; the probe's own stdio pipes are among it. */
  resources: string[];
}

/**
 * Loads `name` in a fresh Node process, with `import` or with `require()`, and lists the packages
 * it loaded. Two sources, because neither alone sees everything:
 * - an ESM `resolve` hook (`module.register`) sees every module the ESM loader resolves, including
 *   a CommonJS package reached by `import`, but not the `require()` calls inside CommonJS code;
 * - `require.cache` holds every file that CommonJS loaded, whoever asked for it.
 * Each file is then named by the package.json that owns it, so a pnpm path
 * (`.pnpm/pg@8/node_modules/pg/…`) and a workspace path (`packages/db/dist/…`) alike resolve to
 * their package name.
 */
function probe(name: string, dir: string, how: 'import' | 'require'): Probe {
  const load =
    how === 'import' ? `await import(${JSON.stringify(name)});` : `require(${JSON.stringify(name)});`;
  const code = `
    import { createRequire, register } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    register(${JSON.stringify(hooks)});
    ${load}
    await new Promise((resolve) => setImmediate(resolve));
    console.log(JSON.stringify({ files: Object.keys(require.cache), resources: process.getActiveResourcesInfo() }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.status !== 0) throw new Error(`loading ${name} failed:\n${run.stderr}`);
  const { files, resources } = JSON.parse(run.stdout) as { files: string[]; resources: string[] };
  const resolved = run.stderr
    .split('\n')
    .filter((line) => line.startsWith(MARK))
    .map((line) => line.slice(MARK.length))
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url));
  const packages = new Set([...files, ...resolved].map(owningPackage).filter((n): n is string => !!n));
  return { packages: [...packages].sort(), resources };
}

const owners = new Map<string, string | undefined>();
/** The name in the nearest package.json above `file` that has one. */
function owningPackage(file: string): string | undefined {
  let dir = dirname(file);
  const seen: string[] = [];
  for (;;) {
    if (owners.has(dir)) break;
    seen.push(dir);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      // A nested package.json with only "type" (dist/cjs/package.json) does not own the file.
      if (name) {
        owners.set(dir, name);
        break;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      owners.set(dir, undefined);
      break;
    }
    dir = parent;
  }
  const owner = owners.get(dir);
  for (const d of seen) owners.set(d, owner);
  return owner;
}

const isHeavy = (pkg: string) =>
  HEAVY.some((rule) => (rule.endsWith('/*') ? pkg.startsWith(rule.slice(0, -1)) : pkg === rule));

describe('a root export stays light enough for a web request', () => {
  it('finds the published packages, a domain among them', () => {
    expect(roots.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        '@yg/job-contracts',
        '@yg/queue-core',
        '@yg/jobs-search',
        '@yg/jobs-notifications',
        '@yg/jobs-analytics',
        '@yg/jobs-media',
        '@yg/jobs-blog',
      ]),
    );
  });

  it('sees Prisma and pg where they are loaded: in @yg/db itself', () => {
    // The control: a probe that saw nothing would pass every check below.
    for (const how of ['import', 'require'] as const) {
      const { packages } = probe('@yg/db', roots.find(([name]) => name === '@yg/db')![1], how);
      expect(packages).toEqual(expect.arrayContaining(['@yg/db', '@prisma/client', 'pg']));
    }
  });

  const checked = roots.filter(([name]) => !EXEMPT.has(name));
  it.each(checked.flatMap(([name, dir]) => (['import', 'require'] as const).map((how) => [name, how, dir])))(
    '%s (%s) loads no database client, mailer, media SDK, zod or pino, and opens nothing',
    (name, how, dir) => {
      const { packages, resources } = probe(name, dir, how as 'import' | 'require');

      expect(packages.filter(isHeavy)).toEqual([]);
      expect(resources.filter((r) => /TCP|Timeout|Interval/.test(r))).toEqual([]);
    },
  );
});
