import { addMonthsToDay, dayOfInstant, endOfDay, parseLocalDate } from '../calendar/shanghai-time';
import type { RectificationItemState } from './rectification-item';

/** 整改复查: what the commission may decide six months after a list was completed (DOMAIN §6). */
export const RECHECK_OUTCOMES = ['CONFIRM', 'REOPEN'] as const;
export type RecheckOutcome = (typeof RECHECK_OUTCOMES)[number];

/** An item the re-check sends back to work, with its new 时间表. */
export interface ReopenedItem {
  readonly itemKey: string;
  /** `YYYY-MM-DD`, Asia/Shanghai; due at the end of that day. */
  readonly dueDate: string;
}

/**
 * When the re-check falls due: `recheckAfterMonths` after the day the list was completed, at the end of
 * that Shanghai day (month periods as DOMAIN §7 counts them).
 */
export function recheckDueAtMs(completedAtMs: number, recheckAfterMonths: number): number {
  return endOfDay(addMonthsToDay(dayOfInstant(completedAtMs), recheckAfterMonths));
}

/**
 * Why a re-check decision cannot be applied, or null. CONFIRM names no item; REOPEN names at least one
 * signed-off item of the list, once each, each with a due date after today.
 */
export function recheckDecisionProblem(
  decision: { outcome: string; reopen: readonly ReopenedItem[] },
  items: readonly { itemKey: string; state: RectificationItemState }[],
  nowMs: number,
): string | null {
  if (!(RECHECK_OUTCOMES as readonly string[]).includes(decision.outcome))
    return `a re-check decides ${RECHECK_OUTCOMES.join(' or ')}, not ${decision.outcome}`;
  if (decision.outcome === 'CONFIRM')
    return decision.reopen.length === 0 ? null : 'CONFIRM keeps the list completed and names no item to reopen';
  if (decision.reopen.length === 0) return 'REOPEN names the items that go back to work';
  const seen = new Set<string>();
  for (const { itemKey, dueDate } of decision.reopen) {
    const item = items.find((i) => i.itemKey === itemKey);
    if (!item) return `item ${itemKey} is not on this list`;
    if (seen.has(itemKey)) return `item ${itemKey} is named twice`;
    seen.add(itemKey);
    if (item.state !== 'VERIFIED_CLOSED') return `item ${itemKey} is ${item.state}, not signed off`;
    const day = parseLocalDate(dueDate);
    if (day === undefined) return `item ${itemKey}: ${dueDate} is not a YYYY-MM-DD date`;
    if (endOfDay(day) <= nowMs) return `item ${itemKey}: the new due date ${dueDate} has already passed`;
  }
  return null;
}

/**
 * The list number of a problem list a case or a review opens from its findings: the case number and a
 * short digest of the opening workflow's id, so the same source always names the same list (a replay or a
 * second close finds the list it already opened) and fits `LIST_NO_PATTERN`.
 */
export function findingsListNo(caseNo: string, sourceWorkflowId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sourceWorkflowId.length; i++) {
    hash ^= sourceWorkflowId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${caseNo}-F${hash.toString(36)}`;
}
