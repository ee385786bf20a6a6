/** The message of a wrapped failure, for the sentence that explains it. */
export function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
