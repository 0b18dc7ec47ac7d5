import type { RectificationItemState } from './rectification-item';

/** 有一件改一件成一件: a list is complete only when every item is signed off (VERIFIED_CLOSED). */
export interface ListCompletion {
  readonly total: number;
  readonly signedOff: number;
  /** signedOff / total, rounded to four decimals; 0 for an empty list. */
  readonly completionRate: number;
  readonly complete: boolean;
}

export function completionRate(signedOff: number, total: number): number {
  return total === 0 ? 0 : Math.round((signedOff / total) * 10_000) / 10_000;
}

export function listCompletion(items: readonly { state: RectificationItemState }[]): ListCompletion {
  const signedOff = items.filter((i) => i.state === 'VERIFIED_CLOSED').length;
  return {
    total: items.length,
    signedOff,
    completionRate: completionRate(signedOff, items.length),
    complete: items.length > 0 && signedOff === items.length,
  };
}
