export { type QueuesOf, untilIdle } from './idle';
export { type RunningProcess, runProcess } from './process';
export { deleteKeys, REDIS_URL, uniquePrefix } from './redis';
export { until } from './until';
