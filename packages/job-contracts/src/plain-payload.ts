/**
 * `value` as a record when it is a plain object (or one without a prototype) whose keys are all
 * among `keys`; `undefined` for anything else. A `quickParse` starts here, so that arrays, class
 * instances and unknown keys are left to the schema, which reports them.
 */
export function plainRecord(value: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  // `for…in` also walks inherited enumerable keys: a polluted prototype goes to the schema too.
  for (const key in value) if (!keys.includes(key)) return undefined;
  return value as Record<string, unknown>;
}
