export { type RunningProcess, runProcess } from './process';
export { REDIS_URL, uniquePrefix } from './redis';
export { until } from './until';
