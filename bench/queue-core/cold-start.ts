// Cold start of a root export: the time to import it, and the process's RSS afterwards, in a fresh
// `node` process each time — what a web request handler or a serverless function pays on its first
// request — against `import('bullmq')` alone in a fresh process.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, type Row } from '@yg/bench-harness';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 9;

export const ROOT_EXPORTS = [
  '@yg/queue-core',
  '@yg/jobs-notifications',
  '@yg/jobs-search',
  '@yg/jobs-analytics',
  '@yg/jobs-media',
  '@yg/jobs-blog',
] as const;

/** Import time (ms) and RSS after it (MiB) of `specifier` in a fresh process. */
async function coldImport(specifier: string): Promise<{ ms: number; rssMiB: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)});
    console.log(JSON.stringify({ ms: performance.now() - t, rssMiB: process.memoryUsage.rss() / 2 ** 20 }));`;
  // Resolved from this folder, where every package is a dependency.
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: here });
  return JSON.parse(stdout) as { ms: number; rssMiB: number };
}

export async function coldStart(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const specifier of ROOT_EXPORTS) {
    const ours: { ms: number; rssMiB: number }[] = [];
    const raw: { ms: number; rssMiB: number }[] = [];
    await coldImport(specifier);
    await coldImport('bullmq');
    // Alternating, so the noise of a shared machine falls on both sides alike.
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        ours.push(await coldImport(specifier));
        raw.push(await coldImport('bullmq'));
      } else {
        raw.push(await coldImport('bullmq'));
        ours.push(await coldImport(specifier));
      }
    }
    rows.push({
      name: `import('${specifier}') vs import('bullmq'), time`,
      ours: median(ours.map((o) => o.ms)),
      raw: median(raw.map((r) => r.ms)),
      unit: 'ms',
      lowerIsBetter: true,
      // At most 1.2× bullmq's own import.
      goal: 0.83,
    });
    rows.push({
      name: `import('${specifier}') vs import('bullmq'), RSS`,
      ours: median(ours.map((o) => o.rssMiB)),
      raw: median(raw.map((r) => r.rssMiB)),
      unit: 'MiB',
      lowerIsBetter: true,
    });
  }
  return rows;
}
