export { type QueuesOf, untilIdle } from './idle';
export { type RunningProcess, runProcess } from './process';
export { deleteKeys, REDIS_URL, TEST_PREFIX, uniquePrefix } from './redis';
export { type AdminRedis, redisTest } from './redis-test';
export { type TestClipOptions, writeTestClip } from './test-clip';
export { until } from './until';
