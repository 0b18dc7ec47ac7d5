import type { ValueTransformer } from 'typeorm';

/**
 * node-postgres returns int8 as a string so no precision is lost silently; projection versions are
 * counters far below 2^53, and this refuses any value that is not.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null) return null;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
    return parsed;
  },
};
