/**
 * An object that stands for a value a hook sets later (a beforeAll's app or user): each listed property
 * reads the current value's, so a describe block can declare it as a `const` where its tests see it.
 */
export function lateBound<T extends object>(
  what: string,
  keys: readonly (keyof T)[],
  current: () => T | undefined,
): T {
  const view = {} as T;
  for (const key of keys) {
    Object.defineProperty(view, key, {
      enumerable: true,
      get: () => {
        const value = current();
        if (value === undefined) throw new Error(`${what} is used before its beforeAll ran`);
        const property = value[key];
        // A method of a class instance keeps its `this`.
        return typeof property === 'function'
          ? (property as (...args: unknown[]) => unknown).bind(value)
          : property;
      },
    });
  }
  return view;
}
