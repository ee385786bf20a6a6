import { inject } from 'vitest';

// A setup file of the cluster project: it runs in each test file's worker before the file is
// imported, so @yg/testing (`TEST_REDIS`, `uniquePrefix`, `connectTestRedis`), the default queue
// client and the child processes a test starts all see the cluster instead of REDIS_URL.
const nodes = inject('redisClusterNodes');
if (!nodes) throw new Error('the cluster project runs without its global setup (src/global-setup.ts)');
process.env.REDIS_CLUSTER_NODES = nodes;
delete process.env.REDIS_URL;
