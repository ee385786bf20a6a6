import type { LocalRegistry } from './registry';
import { run } from './run';

/**
 * Publishes a tarball with pnpm, the client `changeset publish` uses in this workspace (and about
 * five times faster to start than npm). The token is in a user config file of its own: pnpm does not
 * expand `${TOKEN}` in a project .npmrc, and the developer's ~/.npmrc has no business in this run.
 */
export async function publishTarball(registry: LocalRegistry, tarball: string, cwd: string): Promise<void> {
  await run('pnpm', ['publish', tarball, '--registry', registry.url, '--ignore-scripts', '--no-git-checks'], {
    cwd,
    env: { ...process.env, NPM_CONFIG_USERCONFIG: registry.publishUserConfig },
  });
}

export interface PublishedVersion {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** The manifest the registry serves for one version: what npm resolves a user's install against. */
export async function publishedVersion(
  registry: LocalRegistry,
  name: string,
  version: string,
): Promise<PublishedVersion> {
  const response = await fetch(new URL(name.replace('/', '%2f'), registry.url));
  if (!response.ok) throw new Error(`The registry has no ${name}: ${response.status}`);
  const packument = (await response.json()) as { versions: Record<string, PublishedVersion> };
  const manifest = packument.versions[version];
  if (!manifest) throw new Error(`The registry has ${name} but not version ${version}`);
  return manifest;
}
