/**
 * What the suite must undo however it ends: child processes, servers, temporary folders. Each
 * step registers its undo here as soon as it has something to undo; `runTeardown` runs them
 * newest first and keeps going when one fails, so a failure never leaves a server behind.
 */
const steps: { what: string; undo: () => Promise<void> | void }[] = [];

export function onTeardown(what: string, undo: () => Promise<void> | void): () => void {
  const step = { what, undo };
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index >= 0) steps.splice(index, 1);
  };
}

export async function runTeardown(): Promise<void> {
  while (steps.length > 0) {
    const step = steps.pop()!;
    try {
      await step.undo();
    } catch (error) {
      process.stderr.write(`chaos: teardown of ${step.what} failed: ${(error as Error).message}\n`);
    }
  }
}
