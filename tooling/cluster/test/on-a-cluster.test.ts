import { defineContract } from '@yg/job-contracts';
import { worldTest as it } from '@yg/testing/world';
import { Cluster } from 'ioredis';
import { describe, expect } from 'vitest';
import { z } from 'zod';

// The project's other files are the packages' own tests: this one checks that they really run on
// a cluster, since a test passes on one Redis server just as well.
describe('the cluster project', () => {
  it('runs its tests on a 3-master Redis Cluster, with every key of a queue on one master', async ({
    client,
    redis,
    prefix,
  }) => {
    expect(prefix).toMatch(/^\{yg-test-.+\}$/);
    expect(client.config.redis.clusterNodes).toHaveLength(3);
    expect(client.producerConnection()).toBeInstanceOf(Cluster);
    const cluster = redis as unknown as Cluster;
    expect(cluster.nodes('master')).toHaveLength(3);

    const contract = defineContract({ queue: 'test-cluster', name: 'noop', schema: z.strictObject({}) });
    await client.enqueueBulk(contract, [{}, {}, {}]);
    const holders: number[] = [];
    for (const master of cluster.nodes('master')) {
      const [, keys] = await master.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
      if (keys.length > 0) holders.push(master.options.port!);
    }
    expect(holders).toHaveLength(1);
  });
});
