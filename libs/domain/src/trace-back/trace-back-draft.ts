import {
  type BodyId,
  countDays,
  type DayRange,
  intersectRanges,
  normalizeRanges,
  type OrgSnapshot,
  type Position,
  type Tenure,
  toDayRange,
} from '../org';
import type { MatchedPeriod, TraceBackRule } from './trace-back-candidate';

/** One candidate in the making: the days and posts matched so far under one rule. */
export interface Draft {
  readonly rule: TraceBackRule;
  readonly target: 'person' | 'organization';
  readonly id: string;
  readonly rangesByBody: Map<BodyId, DayRange[]>;
  readonly periods: Map<string, MatchedPeriod>;
  readonly related: Set<string>;
  readonly decisionIds: Set<string>;
  readonly dissentDecisionIds: Set<string>;
  level: number;
}

export interface Context {
  readonly snapshot: OrgSnapshot;
  readonly window: DayRange[];
  readonly drafts: Map<string, Draft>;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareText);
}

/** Adds the matched days to the rule's draft for the target, creating it; null when no day matched. */
export function addToDraft(
  context: Context,
  key: { rule: TraceBackRule; target: 'person' | 'organization'; id: string; level?: number },
  bodyId: BodyId,
  ranges: readonly DayRange[],
  period: MatchedPeriod,
): Draft | null {
  if (countDays(ranges) === 0) return null;
  const draftKey = `${key.rule}|${key.target}|${key.id}`;
  let draft = context.drafts.get(draftKey);
  if (!draft) {
    draft = {
      rule: key.rule,
      target: key.target,
      id: key.id,
      rangesByBody: new Map(),
      periods: new Map(),
      related: new Set(),
      decisionIds: new Set(),
      dissentDecisionIds: new Set(),
      level: key.level ?? 0,
    };
    context.drafts.set(draftKey, draft);
  }
  draft.level = Math.min(draft.level, key.level ?? 0);
  draft.rangesByBody.set(bodyId, normalizeRanges([...(draft.rangesByBody.get(bodyId) ?? []), ...ranges]));
  const periodKey = `${period.bodyId}|${period.positionId ?? ''}|${period.from}|${period.to ?? ''}|${period.acting}`;
  draft.periods.set(periodKey, period);
  return draft;
}

/** A person's draft from one of their tenures: the tenure's days within `within` count for its body. */
export function addTenureToDraft(
  context: Context,
  rule: TraceBackRule,
  { tenure, position }: { tenure: Tenure; position: Position },
  within: readonly DayRange[],
): Draft | null {
  return addToDraft(
    context,
    { rule, target: 'person', id: tenure.personId },
    position.bodyId,
    intersectRanges(rowRange(tenure), within),
    tenurePeriod(tenure, position),
  );
}

function tenurePeriod(tenure: Tenure, position: Position): MatchedPeriod {
  return { bodyId: position.bodyId, positionId: position.id, from: tenure.from, to: tenure.to, acting: tenure.acting };
}

export function rowRange(row: { from: string; to: string | null }): DayRange[] {
  const range = toDayRange(row);
  return range ? [range] : [];
}

export function draftOverlap(draft: Draft): number {
  return countDays([...draft.rangesByBody.values()].flat());
}

export function mainBodyOf(draft: Draft): BodyId {
  return [...draft.rangesByBody.entries()]
    .map(([bodyId, ranges]) => ({ bodyId, days: countDays(ranges) }))
    .sort((a, b) => b.days - a.days || compareText(a.bodyId, b.bodyId))[0].bodyId;
}
