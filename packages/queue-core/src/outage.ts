import { DependencyDownError } from './errors/dependency-down-error';

/**
 * Tells whether an error means a dependency is down rather than the job being wrong, and names
 * the dependency (`postgres`, `smtp`). Each worker app knows its dependencies' errors: `@yg/db`
 * recognises PostgreSQL's, a mailer its server's.
 */
export type OutageClassifier = (error: unknown) => string | undefined;

/** The dependency an error says is down, if any: a {@link DependencyDownError}, or what a classifier sees. */
export function outageOf(error: unknown, classify: OutageClassifier | undefined): string | undefined {
  if (error instanceof DependencyDownError) return error.dependency;
  return classify?.(error);
}

/** Combines several classifiers; the first that recognises the error names the dependency. */
export function classifyOutages(...classifiers: OutageClassifier[]): OutageClassifier {
  return (error) => {
    for (const classify of classifiers) {
      const dependency = classify(error);
      if (dependency) return dependency;
    }
    return undefined;
  };
}

/**
 * How long a queue pauses after its `n`-th failure in a row for an outage: 1 s, doubling to 15 s,
 * so a long outage costs one probing job per queue every 15 s and a short one resumes quickly.
 */
export function outagePauseMs(consecutive: number): number {
  return Math.min(1000 * 2 ** Math.max(0, consecutive - 1), 15_000);
}
