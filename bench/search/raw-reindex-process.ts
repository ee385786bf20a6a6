import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Runs `raw-reindex.mjs` in a plain Node process of its own; resolves to its peak RSS in MiB. */
export async function rawReindexProcess(url: string, batchSize = 500): Promise<number> {
  const script = fileURLToPath(new URL('./raw-reindex.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, url, String(batchSize)]);
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { peakRssMiB: number }).peakRssMiB;
}
