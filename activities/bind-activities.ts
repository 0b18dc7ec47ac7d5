/** The callable members of an activities class: what the worker registers. */
export type BoundActivities<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K];
};

/**
 * The `activities` map for `Worker.create`: every prototype method of the Nest-built instance, bound to
 * it so `this` keeps its injected dependencies. Registers each method by name, so an activities class
 * must not carry helper methods.
 */
export function bindActivities<T extends object>(instance: T): BoundActivities<T> {
  const bound: Record<string, unknown> = {};
  for (
    let proto: object | null = Object.getPrototypeOf(instance) as object | null;
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in bound) continue;
      const method: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof method === 'function') bound[name] = method.bind(instance);
    }
  }
  return bound as BoundActivities<T>;
}
