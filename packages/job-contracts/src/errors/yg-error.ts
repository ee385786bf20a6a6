/**
 * The base of every error yg-jobs throws on purpose. `code` is stable across releases: callers
 * branch on it (or on `instanceof`), never on the wording of a message. A wrapped failure keeps
 * the original as `cause`.
 */
export abstract class YgError extends Error {
  /** A stable, machine-readable identifier such as `ERR_VALIDATION`. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
