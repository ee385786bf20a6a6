import { ConfigError, loadQueueConfig } from '../src/index';

/** The `ConfigError` that loading `env` throws; fails the test when it throws none, or another error. */
export function configError(env: Record<string, string>): ConfigError {
  try {
    loadQueueConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
