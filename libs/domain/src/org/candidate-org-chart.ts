import type { LocalDate } from './interval';
import type { BodyId, BodyKind, OrgSnapshot, PersonId, PositionId, UnitId } from './org-snapshot';

/** A body of the chart with its unit, named for people to read. */
export interface OrgChartBody {
  readonly bodyId: BodyId;
  readonly bodyName: string | null;
  readonly kind: BodyKind;
  readonly unitId: UnitId;
  readonly unitName: string | null;
}

/** A post a person held during the misconduct period, with its whole term (the bar drawn against the period). */
export interface OrgChartTenure {
  readonly personId: PersonId;
  readonly bodyId: BodyId;
  readonly positionId: PositionId;
  readonly title: string | null;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
  readonly acting: boolean;
}

export interface CandidateOrgChart {
  readonly bodies: readonly OrgChartBody[];
  readonly tenures: readonly OrgChartTenure[];
}

const overlaps = (
  tenure: { from: LocalDate; to: LocalDate | null },
  period: { from: LocalDate; to: LocalDate | null },
): boolean => (tenure.to === null || tenure.to >= period.from) && (period.to === null || tenure.from <= period.to);

/**
 * The trace-back candidates over the org chart: every post a candidate person held that overlaps a
 * misconduct period (responsibility lies with who held the post then, DOMAIN §4.4, not today's holder),
 * and the bodies of those posts and of the candidate organizations, in the snapshot's order.
 */
export function candidateOrgChart(
  snapshot: OrgSnapshot,
  input: {
    personIds: readonly PersonId[];
    organizationBodyIds: readonly BodyId[];
    periods: readonly { from: LocalDate; to: LocalDate | null }[];
  },
): CandidateOrgChart {
  const persons = new Set(input.personIds);
  const positions = new Map(snapshot.positions.map((p) => [p.id, p]));
  const tenures: OrgChartTenure[] = [];
  for (const tenure of snapshot.tenures) {
    const position = positions.get(tenure.positionId);
    if (!persons.has(tenure.personId) || !position) continue;
    if (!input.periods.some((period) => overlaps(tenure, period))) continue;
    tenures.push({
      personId: tenure.personId,
      bodyId: position.bodyId,
      positionId: position.id,
      title: position.title ?? null,
      from: tenure.from,
      to: tenure.to,
      acting: tenure.acting,
    });
  }
  const bodyIds = new Set([...input.organizationBodyIds, ...tenures.map((t) => t.bodyId)]);
  const units = new Map(snapshot.units.map((u) => [u.id, u]));
  const bodies = snapshot.bodies
    .filter((b) => bodyIds.has(b.id))
    .map((b) => ({
      bodyId: b.id,
      bodyName: b.name ?? null,
      kind: b.kind,
      unitId: b.unitId,
      unitName: units.get(b.unitId)?.name ?? null,
    }));
  return { bodies, tenures: tenures.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)) };
}
