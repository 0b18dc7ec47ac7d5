import type { BodyId, Interval, LocalDate, PersonId, PositionId, UnitId } from '../org';

/** Rule codes in output order. Stored with each candidate, so never rename one. */
export const TRACE_BACK_RULES = [
  'ORGANIZATION_PRIMARY',
  'ORGANIZATION_SUPERVISORY',
  'MANAGING_BODY',
  'MANAGING_BODY_DISCIPLINE',
  'PARTY_SECRETARY',
  'PORTFOLIO_IN_CHARGE',
  'DECISION_ATTENDEE',
  'DISCIPLINE_HEAD',
  'DISCIPLINE_DEPUTY',
] as const;
export type TraceBackRule = (typeof TRACE_BACK_RULES)[number];

/** 主体责任 (`primaryResponsibility`) of party bodies, 监督责任 (`supervisoryResponsibility`) of discipline bodies. */
export type ResponsibilityKind = 'primaryResponsibility' | 'supervisoryResponsibility';

/** DR art. 39 types; trace-back never suggests `DIRECT`, which comes from the violation case. */
export type SuggestedResponsibilityType = 'MAIN_LEADERSHIP' | 'IMPORTANT_LEADERSHIP' | 'DIRECT';

export type ExemptionHint = 'DISSENT_RECORDED';

/** A row that made the rule match: a tenure (with `positionId`), a supervision or management period, or the misconduct period itself. */
export interface MatchedPeriod {
  readonly bodyId: BodyId;
  readonly positionId: PositionId | null;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
  readonly acting: boolean;
}

interface CandidateFields {
  readonly responsibility: ResponsibilityKind;
  readonly suggestedType: SuggestedResponsibilityType;
  readonly rule: TraceBackRule;
  /** Plain English with the Chinese term, ids only (never names). */
  readonly reason: string;
  /** Days of the misconduct period covered by the matched periods (each day counted once). */
  readonly overlapDays: number;
  readonly periods: readonly MatchedPeriod[];
  /** The body whose post, relation or decision matched (for a person on several bodies, the one with most overlap). */
  readonly bodyId: BodyId;
  /** Meeting decisions that matched, for `DECISION_ATTENDEE`; empty otherwise. */
  readonly decisionIds: readonly string[];
  /** Set when the person recorded dissent in every matched decision (AR art. 17(b)). */
  readonly exemptionHint?: ExemptionHint;
  /** Person: current `ManagedBy` body as of the snapshot. Organization: the party body leading it. */
  readonly decidingBodyId: BodyId | null;
  /** The deciding body lies outside the handling commission's jurisdiction, so a referral is needed. */
  readonly referral: boolean;
}

export interface PersonCandidate extends CandidateFields {
  readonly target: 'person';
  readonly personId: PersonId;
  readonly organizationBodyId: null;
}

export interface OrganizationCandidate extends CandidateFields {
  readonly target: 'organization';
  readonly personId: null;
  readonly organizationBodyId: BodyId;
}

/** A proposed accountability target of a responsibility trace-back (责任倒查), DOMAIN §4. */
export type Candidate = PersonCandidate | OrganizationCandidate;

export interface TraceBackOptions {
  /** A person's tenure must share at least this many days with the misconduct period. */
  readonly minOverlapDays: number;
  /** How many levels of managing bodies to trace above a subject who is a team member (0 = none). */
  readonly tracebackLevels: number;
}

export interface TraceBackInput {
  readonly unitId: UnitId;
  /** Cut at the snapshot's `asOf`, so an open-ended interval runs to the snapshot date. */
  readonly misconductIntervals: readonly Interval[];
  readonly domains: readonly string[];
  /** Subjects of the violation case: never candidates, the parent case handles them. */
  readonly subjectIds: readonly PersonId[];
  readonly options: TraceBackOptions;
  /** Commission running the case; defaults to the one with jurisdiction over `unitId`. */
  readonly handlingCommissionBodyId?: BodyId;
}

export type TraceBackProblemCode =
  'UNKNOWN_UNIT' | 'UNKNOWN_BODY' | 'INVALID_DATE' | 'INVERTED_INTERVAL' | 'NO_MISCONDUCT_PERIOD' | 'INVALID_OPTION';

export interface TraceBackProblem {
  readonly code: TraceBackProblemCode;
  readonly path: string;
  readonly message: string;
}

/** Candidates in a stable order (rule, then id). With input problems, no candidates. */
export interface TraceBackResult {
  readonly candidates: readonly Candidate[];
  readonly problems: readonly TraceBackProblem[];
}
