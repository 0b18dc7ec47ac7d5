import type { LocalDate } from './interval';
import type {
  Body,
  BodyKind,
  ManagedBy,
  MeetingDecision,
  OrgSnapshot,
  Person,
  Portfolio,
  Position,
  PositionRole,
  Supervision,
  Tenure,
  Unit,
  UnitKind,
} from './org-snapshot';

/** Test builder: persons referenced by any row are registered automatically. */
export class OrgSnapshotBuilder {
  private asOfDate: LocalDate = '2026-03-31';
  private readonly persons: Person[] = [];
  private readonly units: Unit[] = [];
  private readonly bodies: Body[] = [];
  private readonly positions: Position[] = [];
  private readonly tenures: Tenure[] = [];
  private readonly portfolios: Portfolio[] = [];
  private readonly supervisions: Supervision[] = [];
  private readonly managedBy: ManagedBy[] = [];
  private readonly meetingDecisions: MeetingDecision[] = [];

  asOf(date: LocalDate): this {
    this.asOfDate = date;
    return this;
  }

  withPerson(id: string): this {
    if (!this.persons.some((person) => person.id === id)) this.persons.push({ id, displayName: `Person ${id}` });
    return this;
  }

  withUnit(id: string, parentId: string | null, kind: UnitKind = 'department'): this {
    this.units.push({ id, name: `Unit ${id}`, parentId, kind, validFrom: '2000-01-01', validTo: null });
    return this;
  }

  withBody(id: string, unitId: string, kind: BodyKind): this {
    this.bodies.push({ id, unitId, kind });
    return this;
  }

  withPosition(id: string, bodyId: string, role: PositionRole, singleHolder = role !== 'member'): this {
    this.positions.push({ id, bodyId, role, singleHolder });
    return this;
  }

  withTenure(personId: string, positionId: string, from: LocalDate, to: LocalDate | null, acting = false): this {
    this.withPerson(personId);
    this.tenures.push({ personId, positionId, from, to, acting });
    return this;
  }

  withPortfolio(personId: string, bodyId: string, domain: string, from: LocalDate, to: LocalDate | null): this {
    this.withPerson(personId);
    this.portfolios.push({ personId, bodyId, domain, from, to });
    return this;
  }

  withSupervision(disciplineBodyId: string, unitId: string, from: LocalDate, to: LocalDate | null): this {
    this.supervisions.push({ disciplineBodyId, unitId, from, to });
    return this;
  }

  withManagedBy(personId: string, bodyId: string, from: LocalDate, to: LocalDate | null): this {
    this.withPerson(personId);
    this.managedBy.push({ personId, bodyId, from, to });
    return this;
  }

  withDecision(decision: MeetingDecision): this {
    [...decision.attendees, ...decision.dissent].forEach((id) => this.withPerson(id));
    this.meetingDecisions.push(decision);
    return this;
  }

  build(): OrgSnapshot {
    return {
      asOf: this.asOfDate,
      persons: [...this.persons],
      units: [...this.units],
      bodies: [...this.bodies],
      positions: [...this.positions],
      tenures: [...this.tenures],
      portfolios: [...this.portfolios],
      supervisions: [...this.supervisions],
      managedBy: [...this.managedBy],
      meetingDecisions: [...this.meetingDecisions],
    };
  }
}

export function anOrgSnapshot(): OrgSnapshotBuilder {
  return new OrgSnapshotBuilder();
}

/**
 * A county unit with its own party group and a resident discipline group:
 * u-county (县委, b-county) → u-a (b-a-pg, pos-a-secretary / pos-a-member), supervised by
 * b-a-dg (pos-a-dg-head / pos-a-dg-deputy) from u-commission.
 */
export function aCountyUnit(): OrgSnapshotBuilder {
  return anOrgSnapshot()
    .withUnit('u-county', null, 'partyCommittee')
    .withBody('b-county', 'u-county', 'partyCommittee')
    .withUnit('u-commission', 'u-county', 'disciplineCommission')
    .withBody('b-commission', 'u-commission', 'disciplineCommission')
    .withBody('b-a-dg', 'u-commission', 'disciplineGroup')
    .withUnit('u-a', 'u-county')
    .withBody('b-a-pg', 'u-a', 'partyGroup')
    .withPosition('pos-a-secretary', 'b-a-pg', 'secretary')
    .withPosition('pos-a-member', 'b-a-pg', 'member')
    .withPosition('pos-a-dg-head', 'b-a-dg', 'disciplineSecretary')
    .withPosition('pos-a-dg-deputy', 'b-a-dg', 'disciplineDeputy', false)
    .withSupervision('b-a-dg', 'u-a', '2000-01-01', null)
    .withSupervision('b-commission', 'u-county', '2000-01-01', null);
}
