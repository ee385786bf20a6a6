import { Cluster } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { startLocalCluster } from './local-cluster';

declare module 'vitest' {
  interface ProvidedContext {
    /** The cluster project's Redis Cluster, `127.0.0.1:port,…` (see `cluster-env.ts`). */
    redisClusterNodes?: string;
  }
}

/**
 * The cluster project's global setup: a 3-master Redis Cluster of its own on loopback ports for the
 * project's test files, stopped after them. The cluster is this run's alone, so the leftover
 * check is stricter than the root one: any key still in it when the tests end is a test's
 * leftover, and fails the run. (Given to the tests by `provide`, not by this process's
 * environment, which every other project's workers would inherit.)
 */
export default async function setup(project: TestProject) {
  const cluster = await startLocalCluster({ masters: 3 });
  project.provide('redisClusterNodes', cluster.nodes);
  return async function teardown() {
    try {
      const left = await leftoverKeys(cluster.nodes);
      if (left.length > 0) {
        const prefixes = [...new Set(left.map((key) => key.slice(0, key.indexOf(':'))))].sort();
        console.error(
          `\nleftovers: ${left.length} keys were left in the test Redis Cluster under ${prefixes.join(', ')}. ` +
            'Every test must delete what it made (the @yg/testing `prefix` fixture does).',
        );
        process.exitCode = 1;
      }
    } finally {
      await cluster.stop();
    }
  };
}

async function leftoverKeys(nodes: string): Promise<string[]> {
  const cluster = new Cluster(
    nodes.split(',').map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) })),
  );
  try {
    const keys: string[] = [];
    for (const master of cluster.nodes('master')) {
      let cursor = '0';
      do {
        const [next, batch] = await master.scan(cursor, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
    }
    return keys;
  } finally {
    cluster.disconnect();
  }
}
