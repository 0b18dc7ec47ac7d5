/** Queries return copies. The workflow sandbox has no structuredClone, and all state here is plain JSON. */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
