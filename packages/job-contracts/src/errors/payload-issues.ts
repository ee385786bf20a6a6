import type { z } from 'zod';

export interface PayloadIssue {
  /** Dotted path of the offending field, `(payload)` for the payload itself. */
  field: string;
  message: string;
}

/** A zod error as one issue per bad field (`field: message`), each unknown key by its name. */
export function payloadIssues(error: z.ZodError): PayloadIssue[] {
  return error.issues.flatMap(toPayloadIssues);
}

function toPayloadIssues(issue: z.core.$ZodIssue): PayloadIssue[] {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    // Name each unknown key as the field, so "payload.foo: unknown field" reads like the others.
    return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'unknown field' }));
  }
  return [{ field: base || '(payload)', message: issue.message }];
}
