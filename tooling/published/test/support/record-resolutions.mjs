// Module customization hooks (node:module `register`) for the root-weight probe: reports every URL
// the ESM loader resolves, on stderr, one line each. The hooks run on a thread of their own;
// a synchronous write to fd 2 is in the output before the module it names is even loaded, so the
// list is complete by the time the probe's import returns (no message passing to wait for).
import { writeSync } from 'node:fs';

export const MARK = 'resolved-module ';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  writeSync(2, `${MARK}${result.url}\n`);
  return result;
}
