import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SearchWorkerProcess {
  /** Peak resident memory of the worker since it started, in MiB. */
  peakRssMiB(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `worker.mjs` against a database and a queue prefix; resolves once it takes jobs. */
export async function startSearchWorker(env: Record<string, string>): Promise<SearchWorkerProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./worker.mjs', import.meta.url)), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`search worker exited with ${code}`)));
  });
  return {
    peakRssMiB: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { peakRssMiB: number }).peakRssMiB));
        child.send('peak-rss');
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
