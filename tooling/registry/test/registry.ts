import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/<mount>/`, with the trailing slash npm expects. */
  url: string;
  /** An npm user config file holding the token of a user allowed to publish `@yg/*`. */
  publishUserConfig: string;
  stop(): Promise<void>;
}

const serverScript = fileURLToPath(new URL('./registry-server.mjs', import.meta.url));

/**
 * A verdaccio that knows only what this run publishes: no uplinks (nothing is fetched through
 * it, so a package missing from the tarballs cannot be hidden by the public registry), publish
 * allowed offline, no audit middleware (it would call out), no web UI (faster start-up). Only
 * `@yg/*` is served, and only the user that startRegistry() registers may publish it.
 */
function configYaml(): string {
  return `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 1
uplinks: {}
packages:
  '@yg/*':
    access: $all
    publish: $authenticated
publish:
  allow_offline: true
middlewares: {}
web:
  enable: false
log:
  type: stdout
  format: json
  level: warn
`;
}

/** Starts verdaccio on a free port of 127.0.0.1, its storage and config in `dir`. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const configPath = join(dir, 'verdaccio.yaml');
  const mount = `yg-${randomBytes(6).toString('hex')}`;
  await writeFile(configPath, `url_prefix: /${mount}/\n${configYaml()}`);

  const child = fork(serverScript, [configPath, mount], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // A public URL from the environment would replace the one tarball links are made of.
    env: { ...process.env, VERDACCIO_PUBLIC_URL: '' },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const stop = () => stopChild(child);

  try {
    const port = await listeningPort(child, () => output);
    const url = `http://127.0.0.1:${port}/${mount}/`;
    const token = await addUser(url);
    const publishUserConfig = join(dir, 'publish.npmrc');
    // npm and pnpm read a token from a line keyed by the registry's URL without its scheme.
    await writeFile(publishUserConfig, `//127.0.0.1:${port}/${mount}/:_authToken=${token}\n`);
    return { url, publishUserConfig, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listeningPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('did not start listening within 30 s'), 30_000);
    function fail(why: string) {
      clearTimeout(timer);
      reject(new Error(`verdaccio ${why}. Its output:\n${output()}`));
    }
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal}) before listening`));
  });
}

/** Registers a user (the `npm adduser` call) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'yg-publisher';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: randomBytes(12).toString('hex') }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) {
    throw new Error(`verdaccio refused to add a user: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
