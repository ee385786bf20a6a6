import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Redis Cluster (or one plain server) of its own on loopback ports, for tests and benchmarks. */
export interface LocalCluster {
  /** `127.0.0.1:port,…`: what `REDIS_CLUSTER_NODES` takes. */
  readonly nodes: string;
  readonly ports: readonly number[];
  /** The redis-server processes, one per master (for CPU figures: their pids). */
  readonly servers: readonly ChildProcess[];
  /** Stops every server and removes their folder. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `masters` redis-servers with `--cluster-enabled yes` on free loopback ports (each needs
 * its port and port + 10000 for the cluster bus), joins them with `redis-cli --cluster create`
 * without replicas and waits until every node reports `cluster_state:ok`. Nothing is persisted:
 * the cluster lives in a temporary folder removed by `stop()`, and a failed start stops what it
 * started.
 */
export function startLocalCluster({ masters = 3 } = {}): Promise<LocalCluster> {
  return startServers(masters, true);
}

/** One plain redis-server of its own on a free loopback port, started and stopped the same way. */
export function startLocalRedis(): Promise<LocalCluster> {
  return startServers(1, false);
}

async function startServers(count: number, cluster: boolean): Promise<LocalCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'yg-redis-cluster-'));
  const servers: ChildProcess[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await Promise.all(servers.map(stopServer));
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    const ports = await freePorts(count);
    for (const port of ports) {
      const clustering = cluster
        ? [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            '5000',
          ]
        : [];
      const server = spawn(
        'redis-server',
        [
          ...['--port', String(port), '--bind', '127.0.0.1', ...clustering],
          ...['--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', `redis-${port}.log`],
        ],
        { stdio: 'ignore' },
      );
      servers.push(server);
    }
    for (const port of ports) await untilAnswers(port);
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    if (cluster) {
      await run('redis-cli', [
        '--cluster',
        'create',
        ...addresses,
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      for (const port of ports) await untilClusterOk(port);
    }
    return { nodes: addresses.join(','), ports, servers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function poll(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`local Redis Cluster: ${what} within ${timeoutMs} ms`);
}

function untilAnswers(port: number): Promise<void> {
  return poll(`node ${port} did not answer PING`, async () => (await cli(port, 'PING')).trim() === 'PONG');
}

function untilClusterOk(port: number): Promise<void> {
  return poll(`node ${port} did not reach cluster_state:ok`, async () =>
    (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
  );
}

/**
 * `count` free ports from 20000–22767, each with its cluster-bus port (+10000) free too: both
 * below Linux's ephemeral range (32768 up), so an outgoing connection cannot take one meanwhile.
 */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count; tries++) {
    if (tries > 200) throw new Error('local Redis Cluster: found no free ports in 20000-22767');
    const port = 20_000 + Math.floor(Math.random() * 2768);
    if (ports.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
