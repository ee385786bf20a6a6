import type { z } from 'zod';
import { lazyObject } from './lazy-object';
import { loadZod, type Zod } from './zod-runtime';

/** The built schema of each lazy schema, by the schema a caller holds. */
const builders = new WeakMap<object, () => z.ZodType>();

/**
 * A schema that loads zod and is built on its first use (a property read, a `parse`, an
 * `instanceof`), not at import. It behaves as the schema `build` returns: every operation is
 * forwarded to that one schema. Where a schema is used on every job, use {@link builtSchema}.
 */
export function lazySchema<S extends z.ZodType>(build: (z: Zod) => S): S {
  let schema: S | undefined;
  const built = (): S => {
    schema ??= build(loadZod());
    return schema;
  };
  const lazy = lazyObject(built);
  builders.set(lazy, built);
  return lazy;
}

/**
 * The schema itself behind a {@link lazySchema} (built now if it was not yet), or `schema` as it
 * is. Parsing with it, or composing it into another schema, skips the forwarding on every use.
 */
export function builtSchema<S extends z.ZodType>(schema: S): S {
  const built = builders.get(schema);
  return built ? (built() as S) : schema;
}
