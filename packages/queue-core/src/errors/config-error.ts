import { YgError } from '@yg/job-contracts';

/** An environment variable or option with a value the platform cannot start with. */
export class ConfigError extends YgError {
  override readonly name = 'ConfigError';
  readonly code = 'ERR_CONFIG';
  /** The variable (or option) at fault, e.g. `REDIS_URL`. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}
