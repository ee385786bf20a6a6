// For worker processes of the benchmarks (plain Node, no TypeScript loader).
import { readFileSync } from 'node:fs';

/** The kernel's high-water mark of this process's resident memory (VmHWM), in MiB. */
export function peakRssMiB() {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
}
