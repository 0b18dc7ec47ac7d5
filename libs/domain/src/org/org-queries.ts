import { countDays, intersectRanges, type Interval, normalizeRanges, toDayNumber, toDayRange } from './interval';
import {
  type Body,
  type BodyId,
  isPartyBodyKind,
  type OrgSnapshot,
  type PersonId,
  type Position,
  type Tenure,
  type Unit,
  type UnitId,
} from './org-snapshot';

export interface TenureOverlap {
  readonly tenure: Tenure;
  readonly position: Position;
  /** Days of the tenure inside the queried interval(s). */
  readonly overlapDays: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tenures on positions accepted by `positionFilter` that share at least `minOverlapDays` days
 * with `interval` (several intervals count as their union). Acting tenures count. Sorted by
 * position, start date, person.
 */
export function tenuresOverlapping(
  snapshot: OrgSnapshot,
  positionFilter: (position: Position) => boolean,
  interval: Interval | readonly Interval[],
  minOverlapDays: number,
): TenureOverlap[] {
  const intervals: readonly Interval[] = 'from' in interval ? [interval] : interval;
  const window = normalizeRanges(intervals.flatMap((i) => toDayRange(i) ?? []));
  const positions = new Map(snapshot.positions.filter(positionFilter).map((position) => [position.id, position]));
  const result: TenureOverlap[] = [];
  for (const tenure of snapshot.tenures) {
    const position = positions.get(tenure.positionId);
    const range = toDayRange(tenure);
    if (!position || !range) continue;
    const days = countDays(intersectRanges([range], window));
    if (days > 0 && days >= minOverlapDays) result.push({ tenure, position, overlapDays: days });
  }
  return result.sort(
    (a, b) =>
      compareText(a.tenure.positionId, b.tenure.positionId) ||
      compareText(a.tenure.from, b.tenure.from) ||
      compareText(a.tenure.personId, b.tenure.personId) ||
      compareText(a.tenure.to ?? '9999-99-99', b.tenure.to ?? '9999-99-99') ||
      Number(a.tenure.acting) - Number(b.tenure.acting),
  );
}

/**
 * The body holding management authority over the person on `asOf` (the deciding body of DOMAIN
 * §4.4). Should rows overlap, the one that started last wins, then the smaller body id.
 */
export function currentManagingBody(snapshot: OrgSnapshot, personId: PersonId, asOf: string): BodyId | null {
  const day = toDayNumber(asOf);
  if (day === null) return null;
  const current = snapshot.managedBy
    .filter((row) => {
      const range = row.personId === personId ? toDayRange(row) : null;
      return range !== null && range.start <= day && day <= range.end;
    })
    .sort((a, b) => compareText(b.from, a.from) || compareText(a.bodyId, b.bodyId));
  return current[0]?.bodyId ?? null;
}

/** The unit and its ancestors, nearest first; stops at an unknown parent or a cycle. */
export function unitAncestry(snapshot: OrgSnapshot, unitId: UnitId): UnitId[] {
  const unitsById = new Map<UnitId, Unit>();
  for (const unit of snapshot.units) if (!unitsById.has(unit.id)) unitsById.set(unit.id, unit);
  const chain: UnitId[] = [];
  let current = unitsById.get(unitId);
  while (current && !chain.includes(current.id)) {
    chain.push(current.id);
    current = current.parentId === null ? undefined : unitsById.get(current.parentId);
  }
  return chain;
}

function ownPartyBody(snapshot: OrgSnapshot, unitId: UnitId): Body | null {
  const own = snapshot.bodies
    .filter((body) => body.unitId === unitId && isPartyBodyKind(body.kind))
    .sort((a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id));
  return own[0] ?? null;
}

/**
 * The party committee or party group (党委/党组) answering for the unit: its own, or, when it has
 * none, the nearest ancestor's. A unit with both prefers its party committee.
 */
export function partyBodyFor(snapshot: OrgSnapshot, unitId: UnitId): Body | null {
  for (const id of unitAncestry(snapshot, unitId)) {
    const body = ownPartyBody(snapshot, id);
    if (body) return body;
  }
  return null;
}

/**
 * The party body that leads `bodyId`: for a party body, the party body above its unit; for a
 * discipline body, the party body of (or above) the unit it belongs to.
 */
export function leadingBodyFor(snapshot: OrgSnapshot, bodyId: BodyId): Body | null {
  const body = snapshot.bodies.find((candidate) => candidate.id === bodyId);
  if (!body) return null;
  if (!isPartyBodyKind(body.kind)) return partyBodyFor(snapshot, body.unitId);
  const [, parentId] = unitAncestry(snapshot, body.unitId);
  return parentId === undefined ? null : partyBodyFor(snapshot, parentId);
}

/**
 * The local party committee unit (市委, 县委) whose commission has jurisdiction over the unit:
 * the nearest unit of kind `partyCommittee`, the unit itself included.
 */
export function jurisdictionUnitFor(snapshot: OrgSnapshot, unitId: UnitId): UnitId | null {
  const committees = new Set(snapshot.units.filter((unit) => unit.kind === 'partyCommittee').map((unit) => unit.id));
  return unitAncestry(snapshot, unitId).find((id) => committees.has(id)) ?? null;
}
