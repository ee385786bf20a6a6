import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built package, as a user's fresh process loads it: `import` gets dist/index.js, `require()`
// dist/index.cjs (the package imports itself by name from its own folder).
const packageDir = fileURLToPath(new URL('..', import.meta.url));

// Module customization hooks: every URL the ESM loader resolves, on stderr (a static `import` of zod
// shows here, where `require.cache` would not see it). Written synchronously, so each line comes
// before the phase line printed after it.
const hooks = `data:text/javascript,${encodeURIComponent(
  `import { writeSync } from 'node:fs';
   export async function resolve(specifier, context, next) {
     const result = await next(specifier, context);
     writeSync(2, 'file ' + result.url + '\\n');
     return result;
   }`,
)}`;

interface Probe {
  /** zod's files loaded by then, by phase: after the import of the package, after a first parse. */
  imported: string[];
  parsed: string[];
  /** `loadZod()` is the very `z` that the user's own `import`/`require()` of zod gives. */
  sameZod: boolean;
}

/** Imports (or requires) the package in a fresh process, then validates a payload. */
function probe(how: 'import' | 'require'): Probe {
  const load = how === 'import' ? `await import('@yg/job-contracts')` : `require('@yg/job-contracts')`;
  const userZod = how === 'import' ? `(await import('zod')).z` : `require('zod').z`;
  const code = `
    import { writeSync } from 'node:fs';
    import { createRequire, register } from 'node:module';
    register(${JSON.stringify(hooks)});
    const require = createRequire(process.cwd() + '/');
    const phase = (name) => {
      for (const file of Object.keys(require.cache)) writeSync(2, 'file ' + file + '\\n');
      writeSync(2, 'phase ' + name + '\\n');
    };
    const contracts = ${load};
    phase('imported');
    contracts.emailSend.parse({ idempotencyKey: 'k1', to: 'a@example.com', subject: 'Hi', text: 'Hello' });
    contracts.EntityId.parse('asset-1');
    phase('parsed');
    console.log(JSON.stringify(contracts.loadZod() === ${userZod}));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.status !== 0) throw new Error(`the probe failed:\n${run.stderr}`);
  const phases: Record<string, string[]> = {};
  let seen = new Set<string>();
  for (const line of run.stderr.split('\n')) {
    if (line.startsWith('file ')) seen.add(line.slice(5).replace(/^file:\/\//, ''));
    if (line.startsWith('phase ')) {
      phases[line.slice(6)] = [...seen].filter((file) => /[\\/]node_modules[\\/]zod[\\/]/.test(file));
      seen = new Set(seen);
    }
  }
  return { imported: phases.imported ?? [], parsed: phases.parsed ?? [], sameZod: JSON.parse(run.stdout) };
}

describe('cold start: zod loads on the first validation, not at import', () => {
  it.each([
    ['import', /[\\/]zod[\\/]index\.js$/, /\.cjs$/],
    ['require', /[\\/]zod[\\/]index\.cjs$/, /\.js$/],
  ] as const)(
    '%s of the package root loads no zod; a parse loads one copy, the one the user gets',
    (how, entry, otherBuild) => {
      const { imported, parsed, sameZod } = probe(how);

      expect(imported).toEqual([]);
      // The control: the probe does see zod once it is loaded.
      expect(parsed.some((file) => entry.test(file))).toBe(true);
      // One build of zod only (an ES module process loading zod's CommonJS build would hold two).
      expect(parsed.filter((file) => otherBuild.test(file))).toEqual([]);
      expect(sameZod).toBe(true);
    },
  );
});
