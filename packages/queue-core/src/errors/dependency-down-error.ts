import { YgError } from '@yg/job-contracts';

/**
 * A dependency the job needs (PostgreSQL, SMTP, clamd) does not answer. Not the job's fault: the
 * worker pauses the queue and puts the job back without spending an attempt, so an outage delays
 * work and fails none.
 */
export class DependencyDownError extends YgError {
  override readonly name = 'DependencyDownError';
  readonly code = 'ERR_DEPENDENCY_DOWN';
  /** Which dependency, e.g. `postgres`, `smtp`. */
  readonly dependency: string;

  constructor(dependency: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`${dependency} is unavailable${reason}`, options);
    this.dependency = dependency;
  }
}
