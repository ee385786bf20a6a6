import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { onTeardown } from './teardown';

export type RedisPersistence =
  /** Every write is on disk before Redis answers it (`appendonly yes`, `appendfsync always`). */
  | 'aof-always'
  /** Nothing on disk: a restart starts empty. */
  | 'none';

/**
 * A redis-server of the suite's own on a loopback port, as a child process: it can be killed and
 * started again, which the shared Redis on 6379 must never be.
 */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts it (again) on the same port; `fresh` empties its data folder first. */
  start(options: { persistence: RedisPersistence; fresh?: boolean }): Promise<void>;
  /** SIGKILL: no chance to write anything more. */
  kill(): Promise<void>;
  /** Kills it and removes its folder. */
  close(): Promise<void>;
}

export async function redisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'yg-chaos-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const kill = async () => {
    if (!child) return;
    child.kill('SIGKILL');
    await exited;
    child = undefined;
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start({ persistence, fresh = false }) {
      await kill();
      if (fresh) {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
      }
      const aof = persistence === 'aof-always';
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--appendonly',
          aof ? 'yes' : 'no',
          '--appendfsync',
          'always',
          '--save',
          '',
          '--logfile',
          join(dir, 'redis.log'),
        ],
        { stdio: 'ignore' },
      );
      const started = child;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      await answersPing(port, started);
    },
    kill,
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  onTeardown(`redis-server on ${port}`, () => server.close());
  return server;
}

/** Resolves once the server answers PING with PONG (not LOADING: an AOF replay is done). */
async function answersPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
    if (await pingOnce(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on ${port} did not answer PING within 30 s`);
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (reply) => done(reply.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
