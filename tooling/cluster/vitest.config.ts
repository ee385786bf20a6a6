import { defineProject } from 'vitest/config';

// The queue-core, search and notifications integration tests once more, against a 3-master Redis
// Cluster that this project starts on loopback ports and stops afterwards (src/global-setup.ts):
// everything that holds on one Redis must hold on a cluster. The same files as their own
// projects, with `REDIS_CLUSTER_NODES` set in their workers (src/cluster-env.ts), so @yg/testing
// gives them braced prefixes, cluster connections and cluster clients.
export default defineProject({
  test: {
    name: 'cluster',
    include: [
      'test/**/*.test.ts',
      '../../packages/queue-core/test/**/*.test.ts',
      '../../packages/jobs-search/test/**/*.test.ts',
      '../../packages/jobs-notifications/test/**/*.test.ts',
    ],
    exclude: [
      '**/node_modules/**',
      // No Redis at all, or only a closed port: nothing a cluster could change.
      '../../packages/queue-core/test/{config,logger,types,redis-down}.test.ts',
      '../../packages/jobs-search/test/{query,query-order}.test.ts',
      '../../packages/jobs-notifications/test/{templates,micro-batch,send-outcome,held-content}.test.ts',
      // PostgreSQL only.
      '../../packages/jobs-notifications/test/delivery-claim.test.ts',
      // About one Redis server: an ACL user created on it, a TCP relay in front of 127.0.0.1:6379
      // cut mid-flight, CLIENT LIST of the server and a caller's own single-server connection.
      '../../packages/queue-core/test/{credentials,redis-drop,lifecycle}.test.ts',
    ],
    globalSetup: ['./src/global-setup.ts'],
    setupFiles: ['./src/cluster-env.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
