/** Wall time of one run of `fn`, in milliseconds. */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Runs `ours` and `raw` alternately `rounds` times after one warm-up each, and returns every
 * sample: alternating spreads the noise of a shared machine over both sides evenly.
 */
export async function alternateSamples<T>(
  rounds: number,
  ours: () => Promise<T>,
  raw: () => Promise<T>,
): Promise<{ ours: T[]; raw: T[] }> {
  await ours();
  await raw();
  const a: T[] = [];
  const b: T[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await ours());
      b.push(await raw());
    } else {
      b.push(await raw());
      a.push(await ours());
    }
  }
  return { ours: a, raw: b };
}

/** {@link alternateSamples}, keeping the median of each side. */
export async function compare(
  rounds: number,
  ours: () => Promise<number>,
  raw: () => Promise<number>,
): Promise<{ ours: number; raw: number }> {
  const samples = await alternateSamples(rounds, ours, raw);
  return { ours: median(samples.ours), raw: median(samples.raw) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Samples this process's resident memory every `everyMs` until stopped; returns the peak in MiB. */
export function samplePeakRss(everyMs = 50): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss()) / 2 ** 20;
  };
}
