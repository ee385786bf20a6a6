export { ConfigError } from './config-error';
export { DependencyDownError } from './dependency-down-error';
export { EnqueueError } from './enqueue-error';
export { RedisUnavailableError } from './redis-unavailable-error';
export { RetryLaterError } from './retry-later-error';
