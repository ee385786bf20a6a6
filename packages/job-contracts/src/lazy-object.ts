/**
 * An object made by `make` on its first use (a property read, a call of one of its methods, an
 * `instanceof`), not now. It behaves as that one object: every operation is forwarded to it, with
 * the caller as the receiver, so that getters and methods see the object they were reached from
 * (an `Object.create` child of it included).
 */
export function lazyObject<T extends object>(make: () => T): T {
  let made: T | undefined;
  const real = (): T => {
    made ??= make();
    return made;
  };
  // The proxy's target holds nothing of its own but what the language requires a proxy to mirror
  // (non-configurable properties, such as zod's `_zod`) and Node's `inspect` hook, which `inspect`
  // reads from the target without going through the proxy.
  const target: Record<PropertyKey, unknown> = {
    [Symbol.for('nodejs.util.inspect.custom')]: (_depth: number, options: object, inspect: Inspect) =>
      inspect(real(), options),
  };
  return new Proxy(target, {
    get: (_, key, receiver) => Reflect.get(real(), key, receiver),
    set: (_, key, value, receiver) => Reflect.set(real(), key, value, receiver),
    has: (_, key) => Reflect.has(real(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => mirrored(target, key, real()),
    defineProperty: (_, key, descriptor) =>
      Reflect.defineProperty(real(), key, descriptor) && mirrored(target, key, real()) !== undefined,
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    setPrototypeOf: (_, prototype) => Reflect.setPrototypeOf(real(), prototype),
    isExtensible: () => Reflect.isExtensible(target),
    preventExtensions: () => {
      const object = real();
      for (const key of Reflect.ownKeys(object)) mirrored(target, key, object, true);
      Reflect.setPrototypeOf(target, Reflect.getPrototypeOf(object));
      return Reflect.preventExtensions(object) && Reflect.preventExtensions(target);
    },
  }) as unknown as T;
}

type Inspect = (value: unknown, options: object) => string;

/**
 * `key`'s descriptor on `object`. A proxy may report a property as non-configurable only when its
 * target has it so too: such a property is copied onto the target first (every one, with `all`).
 */
function mirrored(
  target: object,
  key: PropertyKey,
  object: object,
  all = false,
): PropertyDescriptor | undefined {
  const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
  if (descriptor && (all || !descriptor.configurable)) Reflect.defineProperty(target, key, descriptor);
  return descriptor;
}
