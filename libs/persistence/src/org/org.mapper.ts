import type { Body, BodyKind, OrgSnapshot, PositionRole, UnitKind } from '@shuangcha/domain/org';
import {
  BodyEntity,
  ManagedByEntity,
  MeetingDecisionEntity,
  PersonEntity,
  PortfolioEntity,
  PositionEntity,
  SupervisionEntity,
  TenureEntity,
  UnitEntity,
} from '../entities/org-model.entity';

/** The rows of every org table, each collection in snapshot order. */
export interface OrgRows {
  persons: PersonEntity[];
  units: UnitEntity[];
  bodies: BodyEntity[];
  positions: PositionEntity[];
  tenures: TenureEntity[];
  portfolios: PortfolioEntity[];
  supervisions: SupervisionEntity[];
  managedBy: ManagedByEntity[];
  meetingDecisions: MeetingDecisionEntity[];
}

function build<T extends object>(type: new () => T, fields: T): T {
  return Object.assign(new type(), fields);
}

export function toOrgRows(snapshot: OrgSnapshot): OrgRows {
  return {
    persons: snapshot.persons.map((p, ordinal) =>
      build(PersonEntity, { id: p.id, ordinal, displayName: p.displayName }),
    ),
    units: snapshot.units.map((u, ordinal) =>
      build(UnitEntity, {
        id: u.id,
        ordinal,
        name: u.name,
        parentId: u.parentId,
        kind: u.kind,
        validFrom: u.validFrom,
        validTo: u.validTo,
      }),
    ),
    bodies: snapshot.bodies.map((b, ordinal) =>
      build(BodyEntity, { id: b.id, ordinal, unitId: b.unitId, kind: b.kind, name: b.name ?? null }),
    ),
    positions: snapshot.positions.map((p, ordinal) =>
      build(PositionEntity, {
        id: p.id,
        ordinal,
        bodyId: p.bodyId,
        role: p.role,
        singleHolder: p.singleHolder,
        title: p.title ?? null,
      }),
    ),
    tenures: snapshot.tenures.map((t, ordinal) =>
      build(TenureEntity, {
        ordinal,
        personId: t.personId,
        positionId: t.positionId,
        from: t.from,
        to: t.to,
        acting: t.acting,
      }),
    ),
    portfolios: snapshot.portfolios.map((p, ordinal) =>
      build(PortfolioEntity, {
        ordinal,
        personId: p.personId,
        bodyId: p.bodyId,
        domain: p.domain,
        from: p.from,
        to: p.to,
      }),
    ),
    supervisions: snapshot.supervisions.map((s, ordinal) =>
      build(SupervisionEntity, {
        ordinal,
        disciplineBodyId: s.disciplineBodyId,
        unitId: s.unitId,
        from: s.from,
        to: s.to,
      }),
    ),
    managedBy: snapshot.managedBy.map((m, ordinal) =>
      build(ManagedByEntity, { ordinal, personId: m.personId, bodyId: m.bodyId, from: m.from, to: m.to }),
    ),
    meetingDecisions: snapshot.meetingDecisions.map((d, ordinal) =>
      build(MeetingDecisionEntity, {
        id: d.id,
        ordinal,
        bodyId: d.bodyId,
        date: d.date,
        domain: d.domain,
        attendees: [...d.attendees],
        dissent: [...d.dissent],
      }),
    ),
  };
}

/** Rows were validated on the way in (replaceOrg), so the enum columns hold domain values. */
export function toOrgSnapshot(rows: OrgRows, asOf: string): OrgSnapshot {
  return {
    asOf,
    persons: rows.persons.map((p) => ({ id: p.id, displayName: p.displayName })),
    units: rows.units.map((u) => ({
      id: u.id,
      name: u.name,
      parentId: u.parentId,
      kind: u.kind as UnitKind,
      validFrom: u.validFrom,
      validTo: u.validTo,
    })),
    bodies: rows.bodies.map((b): Body => ({
      id: b.id,
      unitId: b.unitId,
      kind: b.kind as BodyKind,
      ...(b.name === null ? {} : { name: b.name }),
    })),
    positions: rows.positions.map((p) => ({
      id: p.id,
      bodyId: p.bodyId,
      role: p.role as PositionRole,
      singleHolder: p.singleHolder,
      ...(p.title === null ? {} : { title: p.title }),
    })),
    tenures: rows.tenures.map((t) => ({
      personId: t.personId,
      positionId: t.positionId,
      from: t.from,
      to: t.to,
      acting: t.acting,
    })),
    portfolios: rows.portfolios.map((p) => ({
      personId: p.personId,
      bodyId: p.bodyId,
      domain: p.domain,
      from: p.from,
      to: p.to,
    })),
    supervisions: rows.supervisions.map((s) => ({
      disciplineBodyId: s.disciplineBodyId,
      unitId: s.unitId,
      from: s.from,
      to: s.to,
    })),
    managedBy: rows.managedBy.map((m) => ({ personId: m.personId, bodyId: m.bodyId, from: m.from, to: m.to })),
    meetingDecisions: rows.meetingDecisions.map((d) => ({
      id: d.id,
      bodyId: d.bodyId,
      date: d.date,
      domain: d.domain,
      attendees: d.attendees,
      dissent: d.dissent,
    })),
  };
}
