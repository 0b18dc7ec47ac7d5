import { DISCIPLINE_ROLES, type LocalDate, type OrgSnapshot, type PersonId, type UnitId, unitAncestry } from '../org';
import { commissionOfJurisdiction, higherJurisdictionOf, holdersOn } from './commission-posts';
import { type CaseParticipantIds, ROLE_POSTS, type ProposedRole } from './participant-proposal';
import { separatedAssignmentsOf, separationOfDutiesViolations, type SeparatedRole } from './separation-of-duties';

export interface ParticipantProblem {
  /** The body field at fault, e.g. `participants.caseOfficerId` or `participants.trialReviewerIds.1`. */
  path: string;
  message: string;
}

export interface ParticipantCheckInput {
  unitId: UnitId;
  jurisdictionId: UnitId;
  /** The opening date: posts must be held on this day. */
  on: LocalDate;
  subjectIds: readonly PersonId[];
  participants: CaseParticipantIds;
}

/** The `participants` field each role fills. */
export const PARTICIPANT_FIELD_OF_ROLE: Readonly<Record<ProposedRole, keyof CaseParticipantIds>> = {
  caseManagementOfficer: 'caseManagementOfficerId',
  caseOfficer: 'caseOfficerId',
  leaderInCharge: 'leaderInChargeId',
  principalLeader: 'principalLeaderId',
  deputyLeaders: 'deputyLeaderIds',
  trialReviewers: 'trialReviewerIds',
  standingCommittee: 'standingCommitteeIds',
  appealHandler: 'appealHandlerId',
  higherCommissionLeader: 'higherCommissionLeaderId',
  higherCommissionCaseManagement: 'higherCommissionCaseManagementId',
};

const FIELD_OF_SEPARATED_ROLE: Readonly<Record<SeparatedRole, keyof CaseParticipantIds>> = {
  investigator: 'caseOfficerId',
  trialReviewer: 'trialReviewerIds',
  appealHandler: 'appealHandlerId',
};

/**
 * Everything wrong with a case's people against the org model on the opening date, one problem per role
 * and person: unknown persons, posts of the wrong kind or in the wrong commission, subjects taking part,
 * and the WR art. 59 separation of investigator, trial reviewers and appeal handler. Empty when the case
 * may start.
 */
export function participantProblems(snapshot: OrgSnapshot, input: ParticipantCheckInput): ParticipantProblem[] {
  const problems: ParticipantProblem[] = [];
  const persons = new Set(snapshot.persons.map((p) => p.id));
  const subjects = new Set(input.subjectIds);
  input.subjectIds.forEach((id, i) => {
    if (!persons.has(id)) problems.push({ path: `subjectIds.${i}`, message: `${id} is not a person of the org model` });
  });
  if (!snapshot.units.some((u) => u.id === input.unitId)) {
    problems.push({ path: 'unitId', message: `${input.unitId} is not a unit of the org model` });
  } else if (!unitAncestry(snapshot, input.unitId).includes(input.jurisdictionId)) {
    problems.push({ path: 'unitId', message: `${input.unitId} is outside jurisdiction ${input.jurisdictionId}` });
  }
  const commission = commissionOfJurisdiction(snapshot, input.jurisdictionId);
  if (!commission) {
    problems.push({
      path: 'jurisdictionId',
      message: `no discipline commission has jurisdiction ${input.jurisdictionId}`,
    });
    return problems;
  }
  const higherJurisdiction = higherJurisdictionOf(snapshot, input.jurisdictionId);
  const higher = higherJurisdiction === null ? null : commissionOfJurisdiction(snapshot, higherJurisdiction);

  const checkPerson = (path: string, role: ProposedRole, personId: PersonId) => {
    if (!persons.has(personId)) {
      problems.push({ path, message: `${personId} is not a person of the org model` });
      return;
    }
    if (subjects.has(personId)) {
      problems.push({ path, message: `${personId} is a subject of the case and cannot take part in it` });
      return;
    }
    const { posts, higher: inHigher } = ROLE_POSTS[role];
    const body = inHigher ? higher : commission;
    if (!body) {
      problems.push({ path, message: `no higher commission above jurisdiction ${input.jurisdictionId}` });
      return;
    }
    if (!holdersOn(snapshot, body.id, posts, input.on).some((h) => h.personId === personId)) {
      problems.push({
        path,
        message: `${personId} holds no ${posts.join('/')} post in ${body.id} on ${input.on}`,
      });
    }
  };
  for (const [role, field] of Object.entries(PARTICIPANT_FIELD_OF_ROLE) as [ProposedRole, keyof CaseParticipantIds][]) {
    const value = input.participants[field];
    if (typeof value === 'string') checkPerson(`participants.${field}`, role, value);
    else if (Array.isArray(value)) value.forEach((id, i) => checkPerson(`participants.${field}.${i}`, role, id));
  }
  const director = input.participants.trialOfficeDirectorId;
  if (director !== undefined) {
    const path = 'participants.trialOfficeDirectorId';
    if (subjects.has(director)) {
      problems.push({ path, message: `${director} is a subject of the case and cannot take part in it` });
    } else if (
      !holdersOn(snapshot, commission.id, ['trialOfficeDirector'], input.on).some((h) => h.personId === director)
    ) {
      problems.push({
        path,
        message: `${director} is not the trial office director of ${commission.id} on ${input.on}`,
      });
    }
  }
  for (const [assignee, superior] of Object.entries(input.participants.superiorOf)) {
    const path = `participants.superiorOf.${assignee}`;
    if (!persons.has(superior)) problems.push({ path, message: `${superior} is not a person of the org model` });
    else if (subjects.has(superior)) problems.push({ path, message: `${superior} is a subject of the case` });
    else if (!holdersOn(snapshot, commission.id, DISCIPLINE_ROLES, input.on).some((h) => h.personId === superior)) {
      problems.push({ path, message: `${superior} holds no post in ${commission.id} on ${input.on}` });
    }
  }
  for (const violation of separationOfDutiesViolations(separatedAssignmentsOf(input.participants))) {
    for (const role of violation.roles) {
      problems.push({
        path: `participants.${FIELD_OF_SEPARATED_ROLE[role]}`,
        message: `${violation.personId} cannot be ${violation.roles.join(' and ')} of one case (WR art. 59)`,
      });
    }
  }
  return problems;
}
