import type { LocalDate } from './interval';
import { leadingBodyFor, unitAncestry } from './org-queries';
import type { OrgSnapshot, PersonId, UnitId, UnitKind } from './org-snapshot';

/** A person holding a post in one of the unit's bodies on the day: a possible subject of a case there. */
export interface UnitMember {
  readonly id: PersonId;
  readonly displayName: string;
  /** The posts held in the unit, e.g. 党组成员、副局长. */
  readonly post: string;
}

/** One unit of a jurisdiction, as the tree of the case-opening form draws it. */
export interface JurisdictionUnit {
  readonly id: UnitId;
  readonly name: string;
  /** Null at the top of the caller's tree: the parent is in no jurisdiction of theirs. */
  readonly parentId: UnitId | null;
  readonly kind: UnitKind;
  /** The jurisdiction a case about this unit is opened in (the `jurisdictionId` of `POST /cases`). */
  readonly jurisdictionId: UnitId;
  readonly members: readonly UnitMember[];
}

const isCurrent = (from: string, to: string | null, asOf: LocalDate) => from <= asOf && (to === null || asOf <= to);

/**
 * The units current on `asOf` whose cases fall to one of `jurisdictionIds`, each with its post holders.
 * A jurisdiction is a unit whose party body leads a discipline commission (县委, 市委, an enterprise's
 * party committee); a unit falls to the nearest one above it, itself included, so a county's departments
 * belong to the county, not to the city above it.
 */
export function jurisdictionUnits(
  snapshot: OrgSnapshot,
  jurisdictionIds: readonly UnitId[],
  asOf: LocalDate,
): JurisdictionUnit[] {
  const jurisdictions = new Set<UnitId>();
  for (const body of snapshot.bodies) {
    if (body.kind !== 'disciplineCommission') continue;
    const leading = leadingBodyFor(snapshot, body.id);
    if (leading) jurisdictions.add(leading.unitId);
  }
  const wanted = new Set(jurisdictionIds);
  const inScope = new Map<UnitId, UnitId>();
  for (const unit of snapshot.units) {
    if (!isCurrent(unit.validFrom, unit.validTo, asOf)) continue;
    const jurisdictionId = unitAncestry(snapshot, unit.id).find((id) => jurisdictions.has(id));
    if (jurisdictionId !== undefined && wanted.has(jurisdictionId)) inScope.set(unit.id, jurisdictionId);
  }
  const members = membersByUnit(snapshot, new Set(inScope.keys()), asOf);
  return snapshot.units
    .filter((unit) => inScope.has(unit.id))
    .map((unit) => ({
      id: unit.id,
      name: unit.name,
      parentId: unit.parentId !== null && inScope.has(unit.parentId) ? unit.parentId : null,
      kind: unit.kind,
      jurisdictionId: inScope.get(unit.id)!,
      members: members.get(unit.id) ?? [],
    }));
}

function membersByUnit(snapshot: OrgSnapshot, unitIds: Set<UnitId>, asOf: LocalDate): Map<UnitId, UnitMember[]> {
  const bodies = new Map(snapshot.bodies.map((b) => [b.id, b]));
  const positions = new Map(snapshot.positions.map((p) => [p.id, p]));
  const names = new Map(snapshot.persons.map((p) => [p.id, p.displayName]));
  const posts = new Map<UnitId, Map<PersonId, string[]>>();
  for (const tenure of snapshot.tenures) {
    if (!isCurrent(tenure.from, tenure.to, asOf)) continue;
    const position = positions.get(tenure.positionId);
    const unitId = position ? bodies.get(position.bodyId)?.unitId : undefined;
    if (!position || unitId === undefined || !unitIds.has(unitId) || !names.has(tenure.personId)) continue;
    const ofUnit = posts.get(unitId) ?? new Map<PersonId, string[]>();
    posts.set(unitId, ofUnit);
    const titles = ofUnit.get(tenure.personId) ?? [];
    ofUnit.set(tenure.personId, [...titles, position.title ?? position.role]);
  }
  const result = new Map<UnitId, UnitMember[]>();
  for (const [unitId, ofUnit] of posts) {
    result.set(
      unitId,
      [...ofUnit.entries()]
        .map(([id, titles]) => ({ id, displayName: names.get(id)!, post: [...new Set(titles)].join('、') }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }
  return result;
}
