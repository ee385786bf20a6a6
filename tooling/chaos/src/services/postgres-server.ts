import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { onTeardown } from './teardown';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the suite's own (initdb into a temporary folder, trust auth, loopback
 * only) that can be stopped and started again, which the shared server on 5432 must never be.
 */
export interface PostgresServer {
  readonly port: number;
  /** The `postgres` maintenance database, user `postgres`. */
  readonly url: string;
  start(): Promise<void>;
  /** `fast`: clients are disconnected, like a restart by an operator. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

export async function postgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const port = await freePort();
  const root = await mkdtemp(join(tmpdir(), 'yg-chaos-postgres-'));
  const dataDir = join(root, 'data');
  const asOwner = await ownerCommand(root);
  const ctl = (...args: string[]) => asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, ...args]);
  let running = false;

  const server: PostgresServer = {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await ctl(
        'start',
        '-w',
        '-t',
        '60',
        '-l',
        join(root, 'postgres.log'),
        '-o',
        // fsync off: the suite kills processes, never the machine, and the OS keeps what was
        // written; synchronous_commit stays on so that a committed row survives an immediate stop.
        `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      );
      running = true;
    },
    async stop(mode = 'fast') {
      if (!running) return;
      await ctl('stop', '-w', '-m', mode);
      running = false;
    },
    async close() {
      await server.stop('immediate').catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
  onTeardown(`postgres on ${port}`, () => server.close());
  await asOwner(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  await server.start();
  return server;
}

/**
 * Where initdb and pg_ctl are: `PG_BIN_DIR`, else Debian's layout (one folder per major version,
 * the newest wins), which keeps them off PATH.
 */
function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(a) - Number(b));
    const newest = versions.at(-1);
    if (newest) return join(debian, newest, 'bin');
  }
  throw new Error(
    'no PostgreSQL binaries found: install postgresql, or set PG_BIN_DIR to the folder of initdb',
  );
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster's folder is handed to the `postgres`
 * user and every command runs as that user; otherwise as ourselves.
 */
async function ownerCommand(root: string): Promise<(file: string, args: string[]) => Promise<void>> {
  if (process.getuid?.() !== 0) {
    return async (file, args) => {
      await run(file, args);
    };
  }
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  await chown(root, uid, gid);
  return async (file, args) => {
    await run('runuser', ['-u', 'postgres', '--', file, ...args]);
  };
}
