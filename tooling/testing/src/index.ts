export { type QueuesOf, untilIdle } from './idle';
export { type RunningProcess, runProcess } from './process';
export { deleteKeys, REDIS_URL, TEST_PREFIX, uniquePrefix } from './redis';
export { type AdminRedis, redisTest } from './redis-test';
export { until } from './until';
