export { type QueuesOf, untilIdle } from './idle';
export { type RunningProcess, runProcess } from './process';
export {
  connectTestRedis,
  deleteKeys,
  REDIS_CLUSTER_NODES,
  REDIS_URL,
  TEST_PREFIX,
  TEST_REDIS,
  TEST_REDIS_ENV,
  uniquePrefix,
} from './redis';
export { type AdminRedis, redisTest } from './redis-test';
export { until } from './until';
