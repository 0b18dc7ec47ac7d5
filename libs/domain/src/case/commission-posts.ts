import {
  type Body,
  type BodyId,
  jurisdictionUnitFor,
  type LocalDate,
  leadingBodyFor,
  type OrgSnapshot,
  type PersonId,
  type PositionId,
  type PositionRole,
  type UnitId,
  unitAncestry,
} from '../org';

/** Why a person fills a role: the post they hold on the day, and the portfolio (分管) that made them the one. */
export interface PostBasis {
  readonly personId: PersonId;
  readonly positionId: PositionId;
  readonly bodyId: BodyId;
  readonly positionRole: PositionRole;
  readonly title: string | null;
  readonly acting: boolean;
  /** The unit a commission deputy's portfolio names (its `domain`), for the leader in charge. */
  readonly portfolioDomain?: string;
}

const within = (row: { from: string; to: string | null }, on: LocalDate) =>
  row.from <= on && (row.to === null || on <= row.to);

/**
 * The discipline commission (纪委监委) whose cases carry `jurisdictionId`: the commission led by the party
 * committee of that unit (the same link `principalFromOrg` uses to give commission staff their jurisdiction).
 */
export function commissionOfJurisdiction(snapshot: OrgSnapshot, jurisdictionId: UnitId): Body | null {
  const found = snapshot.bodies
    .filter((b) => b.kind === 'disciplineCommission' && leadingBodyFor(snapshot, b.id)?.unitId === jurisdictionId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found[0] ?? null;
}

/** The jurisdiction one level up: the nearest party committee above the jurisdiction's own unit. */
export function higherJurisdictionOf(snapshot: OrgSnapshot, jurisdictionId: UnitId): UnitId | null {
  const parentId = snapshot.units.find((u) => u.id === jurisdictionId)?.parentId ?? null;
  return parentId === null ? null : jurisdictionUnitFor(snapshot, parentId);
}

/**
 * Holders on `on` of posts with one of `roles` in the body, in the order of `roles`, then longest-serving
 * first, then by person id; a person appears once (their first matching post). Acting tenures count.
 */
export function holdersOn(
  snapshot: OrgSnapshot,
  bodyId: BodyId,
  roles: readonly PositionRole[],
  on: LocalDate,
): PostBasis[] {
  const positions = new Map(
    snapshot.positions.filter((p) => p.bodyId === bodyId && roles.includes(p.role)).map((p) => [p.id, p]),
  );
  const rows = snapshot.tenures
    .filter((t) => positions.has(t.positionId) && within(t, on))
    .map((t) => ({ tenure: t, position: positions.get(t.positionId)! }))
    .sort(
      (a, b) =>
        roles.indexOf(a.position.role) - roles.indexOf(b.position.role) ||
        (a.tenure.from < b.tenure.from ? -1 : a.tenure.from > b.tenure.from ? 1 : 0) ||
        (a.tenure.personId < b.tenure.personId ? -1 : a.tenure.personId > b.tenure.personId ? 1 : 0),
    );
  const seen = new Set<PersonId>();
  const result: PostBasis[] = [];
  for (const { tenure, position } of rows) {
    if (seen.has(tenure.personId)) continue;
    seen.add(tenure.personId);
    result.push({
      personId: tenure.personId,
      positionId: position.id,
      bodyId,
      positionRole: position.role,
      title: position.title ?? null,
      acting: tenure.acting,
    });
  }
  return result;
}

/**
 * Commission deputies whose portfolio on `on` names the unit or one of its ancestors (a commission deputy's
 * portfolio domain is the unit whose cases they lead), nearest unit first: the leader in charge (分管领导,
 * DOMAIN §1). Only those at the nearest covered level are returned.
 */
export function deputiesInChargeOf(
  snapshot: OrgSnapshot,
  commissionId: BodyId,
  unitId: UnitId,
  on: LocalDate,
): PostBasis[] {
  const deputies = holdersOn(snapshot, commissionId, ['disciplineDeputy'], on);
  for (const ancestor of unitAncestry(snapshot, unitId)) {
    const covering = deputies.flatMap((deputy) =>
      snapshot.portfolios.some(
        (pf) =>
          pf.personId === deputy.personId && pf.bodyId === commissionId && pf.domain === ancestor && within(pf, on),
      )
        ? [{ ...deputy, portfolioDomain: ancestor }]
        : [],
    );
    if (covering.length > 0) return covering;
  }
  return [];
}
