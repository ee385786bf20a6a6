import { spawn } from 'node:child_process';

export interface ToolRun {
  /** The last part of what it wrote to stderr: ffmpeg's reason for failing is at the end. */
  stderr: string;
  stdout: string;
}

/** A media tool that exited with an error: the input is bad (corrupt, unsupported), as a rule. */
export class MediaToolError extends Error {
  override readonly name = 'MediaToolError';
}

/** The tool is not installed where its path says: a set-up fault, retried, never the file's fault. */
export class MediaToolMissingError extends Error {
  override readonly name = 'MediaToolMissingError';
}

const KEEP_STDERR = 4000;

/**
 * Runs a media tool with a time limit, collecting the tail of its output (never the whole: ffmpeg
 * can print for hours). Killed at the limit: a file that makes a tool hang must not hold a worker.
 */
export function runTool(
  command: string,
  args: readonly string[],
  { timeoutMs, label }: { timeoutMs: number; label: string },
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-KEEP_STDERR);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-1_000_000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new MediaToolMissingError(`${label} not found at "${command}" (set its path variable)`)
          : error,
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new MediaToolError(`${label} took longer than ${timeoutMs} ms and was stopped`));
      } else if (code === 0) {
        resolve({ stderr, stdout });
      } else {
        const reason = lastLines(stderr) || `exit ${code ?? signal}`;
        reject(new MediaToolError(`${label} failed: ${reason}`));
      }
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 600);
}
