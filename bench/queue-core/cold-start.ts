// Cold start of a root export: the time to import it, and the process's RSS afterwards, in a fresh
// `node` process each time — what a web request handler or a serverless function pays on its first
// request — against `import('bullmq')` alone in a fresh process.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alternateSamples, median, type Row } from '@yg/bench-harness';

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
function coldImport(specifier: string): Promise<{ ms: number; rssMiB: number }> {
  return coldRun(`await import(${JSON.stringify(specifier)});`);
}

/** The time (ms) of `body`, and the RSS after it (MiB), in a fresh process. */
async function coldRun(body: string): Promise<{ ms: number; rssMiB: number }> {
  const script = `const t = performance.now(); ${body}
    console.log(JSON.stringify({ ms: performance.now() - t, rssMiB: process.memoryUsage.rss() / 2 ** 20 }));`;
  // Resolved from this folder, where every package is a dependency.
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: here });
  return JSON.parse(stdout) as { ms: number; rssMiB: number };
}

const SEARCH_UPDATE = { entityType: 'asset', entityId: 'asset-1', operation: 'update' };

/**
 * The first validated payload after a cold import: zod loads, and the contract's schema is built,
 * on first use rather than at import, so the import-only rows do not show it. A producer enqueues
 * the search update (`enqueue(searchIndexUpdate, …)` validates it this way before it connects).
 * The baseline validates the same payload with zod's schema of the same shape over plain BullMQ:
 * the honest peer of a validated enqueue is a raw producer that validates too, so zod's own load
 * is on both sides. Against `import('bullmq')` alone (the import-only rows' baseline) the row
 * would count zod as ours, although any producer that validates pays it.
 */
const FIRST_PAYLOAD = {
  ours: `await import('@yg/queue-core');
    const { searchIndexUpdate } = await import('@yg/job-contracts');
    searchIndexUpdate.parse(${JSON.stringify(SEARCH_UPDATE)});`,
  raw: `await import('bullmq');
    const { z } = await import('zod');
    const entityId = z.string().min(1).max(191).refine((id) => !id.includes('\\u0000') && id.trim() === id);
    z.strictObject({
      entityType: z.enum(['asset', 'creator', 'project', 'license', 'blog_post']),
      entityId,
      operation: z.enum(['create', 'update', 'delete']),
    }).parse(${JSON.stringify(SEARCH_UPDATE)});`,
};

type Cold = { ms: number; rssMiB: number };

/** `ours` and `raw` alternately in fresh processes, one warm-up each, then the median of ROUNDS. */
async function alternate(ours: () => Promise<Cold>, raw: () => Promise<Cold>) {
  const samples = await alternateSamples(ROUNDS, ours, raw);
  const medians = (side: Cold[]) => ({
    ms: median(side.map((s) => s.ms)),
    rssMiB: median(side.map((s) => s.rssMiB)),
  });
  return { ours: medians(samples.ours), raw: medians(samples.raw) };
}

export async function coldStart(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const specifier of ROOT_EXPORTS) {
    const { ours, raw } = await alternate(
      () => coldImport(specifier),
      () => coldImport('bullmq'),
    );
    rows.push({
      name: `import('${specifier}') vs import('bullmq'), time`,
      ours: ours.ms,
      raw: raw.ms,
      unit: 'ms',
      lowerIsBetter: true,
      // At most 1.2× bullmq's own import.
      goal: 0.83,
    });
    rows.push({
      name: `import('${specifier}') vs import('bullmq'), RSS`,
      ours: ours.rssMiB,
      raw: raw.rssMiB,
      unit: 'MiB',
      lowerIsBetter: true,
    });
  }
  const { ours, raw } = await alternate(
    () => coldRun(FIRST_PAYLOAD.ours),
    () => coldRun(FIRST_PAYLOAD.raw),
  );
  rows.push({
    name: "import('@yg/queue-core') + first validated payload vs bullmq + zod + the same schema, time",
    ours: ours.ms,
    raw: raw.ms,
    unit: 'ms',
    lowerIsBetter: true,
  });
  return rows;
}
