// A command in a process group of its own, as a terminal or a supervisor starts it: the test can
// signal the group like Ctrl-C does, or only the process it started. `runProcess` of @yg/testing
// runs Node scripts in the test's own group, which a group signal would reach too.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { until } from '@yg/testing';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  output(): string;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function spawnInGroup(command: string, args: string[], env: Record<string, string>): GroupProcess {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    output: () => out,
    waitFor: async (text, timeoutMs = 20_000) => {
      await until(() => out.includes(text), timeoutMs, `"${text}"`).catch((error: Error) => {
        throw new Error(`${error.message}; output so far:\n${out}`);
      });
    },
    exited,
  };
}

/** The processes under `pid` (children, grandchildren, …) whose command line contains `text`. */
export function descendants(pid: number, text: string): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const p of table.filter((row) => row.ppid === parent)) {
      if (p.args.includes(text)) found.push(p.pid);
      walk(p.pid);
    }
  };
  walk(pid);
  return found;
}

/** Whether `pid` is still a running process (a zombie counts as gone: it runs nothing). */
export function isRunning(pid: number): boolean {
  try {
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false; // ps exits 1 when there is no such process
  }
}
