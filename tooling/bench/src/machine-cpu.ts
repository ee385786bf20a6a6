import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticks: number | undefined;

/**
 * The kernel's clock ticks per second, the unit of the CPU times in /proc. Asked of `getconf` on
 * first use, not on import: every suite imports the harness, and only the CPU readings need it.
 */
export function ticksPerSecond(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticks;
}

/**
 * Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait), summed over
 * its cores. The difference of two readings is what every process spent between them: on a quiet
 * machine, what a benchmark's processes (ours or raw, and the servers they use) spent.
 */
export function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return (user! + nice! + system! + irq! + softirq! + steal!) / ticksPerSecond();
}
