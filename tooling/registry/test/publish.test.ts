import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installConsumer, runConsumerCheck } from './consumer';
import { pack, publishedPackages } from './packages';
import { publishedVersion, publishTarball } from './publish';
import { type LocalRegistry, startRegistry } from './registry';
import { run } from './run';

const packages = publishedPackages();
const versionOf = (name: string) => packages.find((pkg) => pkg.name === name)?.version;

// Everything this file creates has a name of its own, so it runs beside any other test file.
let workDir: string;
let registry: LocalRegistry | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'yg-registry-'));
  await mkdir(join(workDir, 'registry'));
  await mkdir(join(workDir, 'tarballs'));
  registry = await startRegistry(join(workDir, 'registry'));
  const tarballs = await Promise.all(packages.map((pkg) => pack(pkg, join(workDir, 'tarballs'))));
  for (const tarball of tarballs) await publishTarball(registry, tarball, workDir);
});

afterAll(async () => {
  await registry?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the @yg packages, published to a registry', () => {
  it('are every package a release publishes', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining(['@yg/job-contracts', '@yg/queue-core', '@yg/db', '@yg/worker']),
    );
  });

  it.each(packages.map((pkg) => [pkg.name, pkg.version]))(
    '%s@%s is served with real versions in place of workspace: ranges',
    async (name, version) => {
      const manifest = await publishedVersion(registry!, name, version);
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dependency.startsWith('@yg/')) expect(range).toBe(versionOf(dependency));
      }
    },
  );

  it('install in a fresh project and work there: import, require, a contract, migrations, a job', async () => {
    const consumerDir = join(workDir, 'consumer');
    const bullmqPrefix = `yg-registry-${randomBytes(6).toString('hex')}`;
    await installConsumer(consumerDir, registry!.url, packages);
    const report = await runConsumerCheck(consumerDir, bullmqPrefix);

    // Resolved from the consumer's node_modules: what npm installed, not the workspace.
    const installed = join(await realpath(consumerDir), 'node_modules');
    for (const pkg of packages) {
      const loaded = report.packages[pkg.name];
      expect(loaded?.resolvedTo.startsWith(join(installed, pkg.name))).toBe(true);
      expect(loaded?.exports).toBeGreaterThan(5);
      expect(loaded?.sameExportsFromRequire).toBe(true);
    }

    const payload = { entityType: 'asset', entityId: 'registry-check', operation: 'update' };
    expect(report.contract).toEqual({ parsed: payload, rejection: 'ContractValidationError' });

    expect(report.db.migrationsDir.startsWith(join(installed, '@yg/db'))).toBe(true);
    expect(report.db.shipped).toBeGreaterThan(0);
    expect(report.db).toMatchObject({ name: expect.stringMatching(/^yg_test_/), applied: report.db.shipped });

    expect(report.queue).toMatchObject({ status: 'added', name: 'update', data: payload, keysLeft: 0 });
    expect(report.queue.keysWritten).toBeGreaterThan(0);

    // The workers embedded in an app: started, healthy, stopped, as the quick reference shows.
    expect(report.worker).toMatchObject({ started: true, healthy: true, redis: true, postgres: true });
    expect(report.worker.groups).toEqual(expect.arrayContaining(['email', 'search', 'notifications']));

    // The operator's command, as `npx yg-worker` finds it: the bin npm linked.
    const help = await run(join(consumerDir, 'node_modules', '.bin', 'yg-worker'), ['--help'], {
      cwd: consumerDir,
    });
    expect(help).toContain('Usage: yg-worker');
    expect(help).toMatch(/^ {2}queues \[options\] /m);
  });
});
