import {
  currentManagingBody,
  leadingBodyFor,
  type LocalDate,
  type OrgSnapshot,
  type PersonId,
  type PositionRole,
  type UnitId,
} from '../org';
import {
  commissionOfJurisdiction,
  deputiesInChargeOf,
  higherJurisdictionOf,
  holdersOn,
  type PostBasis,
} from './commission-posts';

/** The roles of a case that the org model fills (the workflow's `participants`, one entry per field). */
export const PROPOSED_ROLES = [
  'caseManagementOfficer',
  'leaderInCharge',
  'principalLeader',
  'deputyLeaders',
  'trialReviewers',
  'standingCommittee',
  'appealHandler',
  'higherCommissionLeader',
  'higherCommissionCaseManagement',
  'caseOfficer',
] as const;
export type ProposedRole = (typeof PROPOSED_ROLES)[number];

/** Who fills a role and why, or why nobody does (`unfilledReason`, then `persons` lists who could). */
export interface RoleProposal {
  readonly role: ProposedRole;
  readonly persons: readonly PostBasis[];
  readonly unfilledReason: string | null;
}

/**
 * Whether a subject is a cadre the same-level party committee manages (its `ManagedBy` on the day is the
 * committee that leads the commission), and then that committee's secretary (党委书记), who approves the
 * filing and the sanction (DOMAIN §2).
 */
export interface CommitteeCadreProposal {
  readonly subjectManagedBySameLevelCommittee: boolean;
  /** Null when no subject is such a cadre, or (with `unfilledReason`) when the secretary post has no single holder. */
  readonly partyCommitteePrincipalLeader: PostBasis | null;
  readonly unfilledReason: string | null;
}

export interface ParticipantProposal {
  readonly on: LocalDate;
  readonly commissionBodyId: string | null;
  readonly higherCommissionBodyId: string | null;
  readonly roles: readonly RoleProposal[];
  /** Investigators (承办人) of the commission on the day; the opener picks one when there are several. */
  readonly investigatorCandidates: readonly PostBasis[];
  readonly committeeCadre: CommitteeCadreProposal;
}

const NO_COMMITTEE_CADRE: CommitteeCadreProposal = {
  subjectManagedBySameLevelCommittee: false,
  partyCommitteePrincipalLeader: null,
  unfilledReason: null,
};

/** The committee-cadre facts of a case opened by commission `commissionId` against `subjectIds` on `on`. */
function committeeCadreOf(
  snapshot: OrgSnapshot,
  commissionId: string,
  subjectIds: readonly PersonId[],
  on: LocalDate,
): CommitteeCadreProposal {
  const committee = leadingBodyFor(snapshot, commissionId);
  if (!committee || !subjectIds.some((id) => currentManagingBody(snapshot, id, on) === committee.id)) {
    return NO_COMMITTEE_CADRE;
  }
  const excluded = new Set(subjectIds);
  const secretaries = holdersOn(snapshot, committee.id, ['secretary'], on).filter((h) => !excluded.has(h.personId));
  return {
    subjectManagedBySameLevelCommittee: true,
    partyCommitteePrincipalLeader: secretaries.length === 1 ? secretaries[0] : null,
    unfilledReason:
      secretaries.length === 1
        ? null
        : `${secretaries.length === 0 ? 'no current holder' : `${secretaries.length} holders`} of the secretary post of ${committee.id}`,
  };
}

/** The participant ids a case starts with; the same fields as the workflow's `participants`. */
export interface CaseParticipantIds {
  caseManagementOfficerId: PersonId;
  caseOfficerId: PersonId;
  leaderInChargeId: PersonId;
  principalLeaderId: PersonId;
  deputyLeaderIds: PersonId[];
  higherCommissionLeaderId: PersonId;
  higherCommissionCaseManagementId: PersonId;
  trialReviewerIds: PersonId[];
  /** 审理室主任: the trial reviewer holding the director post, who signs off the review (WR art. 55). */
  trialOfficeDirectorId?: PersonId;
  standingCommitteeIds: PersonId[];
  appealHandlerId: PersonId;
  /** 党委书记, named by the opener when the subject is a cadre of the same-level committee (DOMAIN §2 filing). */
  partyCommitteePrincipalLeaderId?: PersonId;
  superiorOf: Record<PersonId, PersonId>;
}

/** Posts that may fill each role, in order of preference, and whether the role sits in the higher commission. */
export const ROLE_POSTS: Readonly<Record<ProposedRole, { posts: readonly PositionRole[]; higher: boolean }>> = {
  caseManagementOfficer: { posts: ['caseManagementOfficer', 'caseManagementDirector'], higher: false },
  caseOfficer: { posts: ['investigator'], higher: false },
  leaderInCharge: { posts: ['disciplineDeputy', 'disciplineSecretary'], higher: false },
  principalLeader: { posts: ['disciplineSecretary'], higher: false },
  deputyLeaders: { posts: ['disciplineDeputy'], higher: false },
  trialReviewers: { posts: ['trialOfficeDirector', 'trialOfficer'], higher: false },
  standingCommittee: { posts: ['disciplineSecretary', 'disciplineDeputy', 'member'], higher: false },
  appealHandler: { posts: ['appealsOfficer'], higher: false },
  higherCommissionLeader: { posts: ['disciplineSecretary'], higher: true },
  higherCommissionCaseManagement: { posts: ['caseManagementDirector', 'caseManagementOfficer'], higher: true },
};

export interface ProposalRequest {
  unitId: UnitId;
  jurisdictionId: UnitId;
  on: LocalDate;
  /** The person opening the case: proposed as case-management officer when they hold that post. */
  openerId?: PersonId;
  /** Persons the case is about: never proposed for any role. */
  subjectIds?: readonly PersonId[];
}

const filled = (role: ProposedRole, persons: readonly PostBasis[]): RoleProposal => ({
  role,
  persons,
  unfilledReason: null,
});
const unfilled = (role: ProposedRole, reason: string, candidates: readonly PostBasis[] = []): RoleProposal => ({
  role,
  persons: candidates,
  unfilledReason: reason,
});

/** Exactly one holder fills the role; none, or several with nothing to choose between them, leave it open. */
function single(role: ProposedRole, holders: readonly PostBasis[], what: string): RoleProposal {
  if (holders.length === 1) return filled(role, holders);
  if (holders.length === 0) return unfilled(role, `no current holder of ${what}`);
  return unfilled(role, `${holders.length} holders of ${what}; choose one`, holders);
}

/**
 * Who fills each role of a case opened in `jurisdictionId` for `unitId`, from the posts current on `on`
 * (DOMAIN §1, §2). Nothing is guessed: a role the org cannot fill says why, with whoever could fill it.
 */
export function proposeParticipants(snapshot: OrgSnapshot, request: ProposalRequest): ParticipantProposal {
  const { on } = request;
  const excluded = new Set(request.subjectIds ?? []);
  const commission = commissionOfJurisdiction(snapshot, request.jurisdictionId);
  const higherJurisdiction = higherJurisdictionOf(snapshot, request.jurisdictionId);
  const higher = higherJurisdiction === null ? null : commissionOfJurisdiction(snapshot, higherJurisdiction);
  const posts = (bodyId: string, roles: readonly PositionRole[]) =>
    holdersOn(snapshot, bodyId, roles, on).filter((h) => !excluded.has(h.personId));

  if (!commission) {
    const reason = `no discipline commission has jurisdiction ${request.jurisdictionId}`;
    return {
      on,
      commissionBodyId: null,
      higherCommissionBodyId: higher?.id ?? null,
      roles: PROPOSED_ROLES.map((role) => unfilled(role, reason)),
      investigatorCandidates: [],
      committeeCadre: NO_COMMITTEE_CADRE,
    };
  }
  const c = commission.id;
  const investigators = posts(c, ['investigator']);
  const caseManagement = posts(c, ROLE_POSTS.caseManagementOfficer.posts);
  const opener = caseManagement.find((h) => h.personId === request.openerId);
  const officers = caseManagement.filter((h) => h.positionRole === 'caseManagementOfficer');
  const inCharge = deputiesInChargeOf(snapshot, c, request.unitId, on).filter((h) => !excluded.has(h.personId));
  const leaderInCharge = single('leaderInCharge', inCharge, `a deputy portfolio covering ${request.unitId}`);
  const leaderId = leaderInCharge.unfilledReason === null ? leaderInCharge.persons[0].personId : null;
  const trialOffice = posts(c, ROLE_POSTS.trialReviewers.posts);
  const higherRole = (role: ProposedRole, roles: readonly PositionRole[], what: string) => {
    if (!higher) return unfilled(role, `no higher commission above jurisdiction ${request.jurisdictionId}`);
    const holders = posts(higher.id, roles);
    // The head of an office acts for it when present; otherwise its only member.
    const head = holders.filter((h) => h.positionRole === roles[0]);
    return single(role, head.length > 0 ? head : holders, what);
  };

  const roles: RoleProposal[] = [
    opener
      ? filled('caseManagementOfficer', [opener])
      : single('caseManagementOfficer', officers, 'a case-management officer post'),
    leaderInCharge,
    single('principalLeader', posts(c, ['disciplineSecretary']), 'the commission secretary post'),
    filled(
      'deputyLeaders',
      posts(c, ['disciplineDeputy']).filter((h) => h.personId !== leaderId),
    ),
    trialOffice.length >= 2
      ? filled('trialReviewers', trialOffice)
      : unfilled('trialReviewers', 'a trial review needs two people of the trial office (WR art. 55)', trialOffice),
    ((members) =>
      members.length >= 3
        ? filled('standingCommittee', members)
        : unfilled('standingCommittee', 'a collective decision needs three standing-committee members', members))(
      posts(c, ROLE_POSTS.standingCommittee.posts),
    ),
    single('appealHandler', posts(c, ['appealsOfficer']), 'an appeals-office post'),
    higherRole('higherCommissionLeader', ['disciplineSecretary'], 'the higher commission secretary post'),
    higherRole(
      'higherCommissionCaseManagement',
      ['caseManagementDirector', 'caseManagementOfficer'],
      "the higher commission's case-management office",
    ),
    single('caseOfficer', investigators, 'an investigator post'),
  ];
  return {
    on,
    commissionBodyId: c,
    higherCommissionBodyId: higher?.id ?? null,
    roles,
    investigatorCandidates: investigators,
    committeeCadre: committeeCadreOf(snapshot, c, request.subjectIds ?? [], on),
  };
}

/** The trial office's director among the proposed reviewers, when the post has a holder. */
function directorOf(reviewers: RoleProposal): { trialOfficeDirectorId?: PersonId } {
  if (reviewers.unfilledReason !== null) return {};
  const director = reviewers.persons.find((p) => p.positionRole === 'trialOfficeDirector');
  return director ? { trialOfficeDirectorId: director.personId } : {};
}

export interface ProposalGap {
  role: ProposedRole;
  reason: string;
}

/**
 * The participants of a case from the proposal, with the opener's choice of investigator where the
 * commission has several; or every role still open.
 */
export function participantsFromProposal(
  proposal: ParticipantProposal,
  caseOfficerId?: PersonId,
): { participants: CaseParticipantIds } | { gaps: ProposalGap[] } {
  const byRole = new Map(proposal.roles.map((r) => [r.role, r]));
  const gaps: ProposalGap[] = [];
  const ids = (role: ProposedRole): PersonId[] => {
    const entry = byRole.get(role)!;
    if (entry.unfilledReason !== null) {
      if (role !== 'caseOfficer' || caseOfficerId === undefined) gaps.push({ role, reason: entry.unfilledReason });
      return [];
    }
    return entry.persons.map((p) => p.personId);
  };
  const one = (role: ProposedRole) => ids(role)[0] ?? '';
  const officer = ids('caseOfficer');
  const participants: CaseParticipantIds = {
    caseManagementOfficerId: one('caseManagementOfficer'),
    caseOfficerId: caseOfficerId ?? officer[0] ?? '',
    leaderInChargeId: one('leaderInCharge'),
    principalLeaderId: one('principalLeader'),
    deputyLeaderIds: ids('deputyLeaders'),
    higherCommissionLeaderId: one('higherCommissionLeader'),
    higherCommissionCaseManagementId: one('higherCommissionCaseManagement'),
    trialReviewerIds: ids('trialReviewers'),
    ...directorOf(byRole.get('trialReviewers')!),
    ...(proposal.committeeCadre.partyCommitteePrincipalLeader && {
      partyCommitteePrincipalLeaderId: proposal.committeeCadre.partyCommitteePrincipalLeader.personId,
    }),
    standingCommitteeIds: ids('standingCommittee'),
    appealHandlerId: one('appealHandler'),
    superiorOf: {},
  };
  return gaps.length > 0 ? { gaps } : { participants };
}
