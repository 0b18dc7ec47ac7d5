import type { LocalDate } from './interval';

export type PersonId = string;
export type UnitId = string;
export type BodyId = string;
export type PositionId = string;

export const UNIT_KINDS = [
  'partyCommittee',
  'government',
  'department',
  'stateOwnedEnterprise',
  'publicInstitution',
  'disciplineCommission',
  'internalDivision',
] as const;
/** What kind of organization a unit is; `internalDivision` (内设机构) normally has no party body of its own. */
export type UnitKind = (typeof UNIT_KINDS)[number];

/** An organization (单位) in the hierarchy; `parentId` points to the unit that leads it. */
export interface Unit {
  readonly id: UnitId;
  readonly name: string;
  readonly parentId: UnitId | null;
  readonly kind: UnitKind;
  readonly validFrom: LocalDate;
  readonly validTo: LocalDate | null;
}

export const PARTY_BODY_KINDS = ['partyCommittee', 'partyGroup'] as const;
export const DISCIPLINE_BODY_KINDS = ['disciplineCommission', 'disciplineGroup'] as const;
export const BODY_KINDS = [...PARTY_BODY_KINDS, ...DISCIPLINE_BODY_KINDS] as const;
/**
 * Party committee (党委), party group (党组), discipline commission (纪委监委) or a resident
 * discipline group sent in by a commission (派驻纪检监察组).
 */
export type BodyKind = (typeof BODY_KINDS)[number];
export type PartyBodyKind = (typeof PARTY_BODY_KINDS)[number];
export type DisciplineBodyKind = (typeof DISCIPLINE_BODY_KINDS)[number];

/** A governing or supervising collective of a unit. A resident group's `unitId` is the sending commission's unit. */
export interface Body {
  readonly id: BodyId;
  readonly unitId: UnitId;
  readonly kind: BodyKind;
  readonly name?: string;
}

/** Roles of a party committee/group's leadership team (班子成员). */
export const PARTY_TEAM_ROLES = ['secretary', 'deputySecretary', 'member'] as const;
export const DISCIPLINE_ROLES = [
  'disciplineSecretary',
  'disciplineDeputy',
  'member',
  'caseManagementDirector',
  'caseManagementOfficer',
  'investigator',
  'trialOfficeDirector',
  'trialOfficer',
  'appealsOfficer',
  'staff',
] as const;
/** Every role a position may have: the party team's and the discipline body's (`member` is in both). */
export const POSITION_ROLES = [...PARTY_TEAM_ROLES, ...DISCIPLINE_ROLES.filter((role) => role !== 'member')] as const;
/**
 * `secretary` is the first responsible person (第一责任人) of a party body; `disciplineSecretary`
 * heads a discipline body (纪委书记 / 纪检监察组组长) and `disciplineDeputy` deputises (副书记 / 副组长).
 * `caseManagementDirector` runs the case-management office (案件监督管理室), `trialOffice*` the trial
 * office (审理室), `investigator` is a case officer (承办人).
 */
export type PositionRole = (typeof POSITION_ROLES)[number];

export interface Position {
  readonly id: PositionId;
  readonly bodyId: BodyId;
  readonly role: PositionRole;
  /** At most one person (acting or not) may hold the post on any day. */
  readonly singleHolder: boolean;
  readonly title?: string;
}

/** A person's time in a post (任职). Acting (代理/主持工作) tenures carry the same responsibility. */
export interface Tenure {
  readonly personId: PersonId;
  readonly positionId: PositionId;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
  readonly acting: boolean;
}

/** A team member's area of work (分管), i.e. what the member is in charge of (`inCharge`). */
export interface Portfolio {
  readonly personId: PersonId;
  readonly bodyId: BodyId;
  readonly domain: string;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
}

/** A discipline body supervising a unit (监督), its own or as a resident group. */
export interface Supervision {
  readonly disciplineBodyId: BodyId;
  readonly unitId: UnitId;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
}

/** The body holding cadre-management authority over a person (干部管理权限). */
export interface ManagedBy {
  readonly personId: PersonId;
  readonly bodyId: BodyId;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
}

/** A collective decision (集体决策) of a body, with the members who recorded an objection. */
export interface MeetingDecision {
  readonly id: string;
  readonly bodyId: BodyId;
  readonly date: LocalDate;
  readonly domain: string;
  readonly attendees: readonly PersonId[];
  readonly dissent: readonly PersonId[];
}

/** `displayName` is for display only; every rule works on ids. */
export interface Person {
  readonly id: PersonId;
  readonly displayName: string;
}

/** The org model with history as of `asOf` (DOMAIN §4). */
export interface OrgSnapshot {
  readonly asOf: LocalDate;
  readonly persons: readonly Person[];
  readonly units: readonly Unit[];
  readonly bodies: readonly Body[];
  readonly positions: readonly Position[];
  readonly tenures: readonly Tenure[];
  readonly portfolios: readonly Portfolio[];
  readonly supervisions: readonly Supervision[];
  readonly managedBy: readonly ManagedBy[];
  readonly meetingDecisions: readonly MeetingDecision[];
}

export function isPartyBodyKind(kind: BodyKind): kind is PartyBodyKind {
  return (PARTY_BODY_KINDS as readonly BodyKind[]).includes(kind);
}

export function isDisciplineBodyKind(kind: BodyKind): kind is DisciplineBodyKind {
  return (DISCIPLINE_BODY_KINDS as readonly BodyKind[]).includes(kind);
}

export function isPartyTeamRole(role: PositionRole): boolean {
  return (PARTY_TEAM_ROLES as readonly PositionRole[]).includes(role);
}

export function isRoleAllowedInBody(role: PositionRole, kind: BodyKind): boolean {
  if (isPartyBodyKind(kind)) return isPartyTeamRole(role) || role === 'staff';
  return (DISCIPLINE_ROLES as readonly PositionRole[]).includes(role);
}
