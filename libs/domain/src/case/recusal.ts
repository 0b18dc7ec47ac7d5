import {
  separatedAssignmentsOf,
  separationOfDutiesViolations,
  type SeparatedRole,
  type SeparationViolation,
} from './separation-of-duties';

/** The participants of a case as the recusal rules read them (ids only). */
export interface CaseRoleHolders {
  caseManagementOfficerId: string;
  caseOfficerId: string;
  principalLeaderId: string;
  higherCommissionLeaderId: string;
  trialReviewerIds: readonly string[];
  trialOfficeDirectorId?: string;
  appealHandlerId: string;
}

/**
 * Roles one person holds alone: with their holder recused no route has a fallback, so the leader in charge
 * names a replacement (DOMAIN §5, scenario C.3). Approver roles fall back along their route instead.
 */
export const SINGLE_HOLDER_ROLES = {
  caseOfficer: 'caseOfficerId',
  caseManagementOfficer: 'caseManagementOfficerId',
} as const;
export type SingleHolderRole = keyof typeof SINGLE_HOLDER_ROLES;

export function singleHolderRolesOf(holders: CaseRoleHolders, personId: string): SingleHolderRole[] {
  return (Object.keys(SINGLE_HOLDER_ROLES) as SingleHolderRole[]).filter(
    (role) => holders[SINGLE_HOLDER_ROLES[role]] === personId,
  );
}

/**
 * Who decides a recusal, in route order (DOMAIN §5): staff recusal by the commission's principal leader, the
 * principal leader's own by the higher commission's leader. The person concerned never decides their own.
 */
export function recusalDeciders(holders: CaseRoleHolders, personId: string): string[] {
  const route =
    personId === holders.principalLeaderId
      ? [holders.higherCommissionLeaderId]
      : [holders.principalLeaderId, holders.higherCommissionLeaderId];
  return route.filter((id, i) => id !== personId && route.indexOf(id) === i);
}

/** The separated role (WR art. 59) a task of this candidate role gives its assignee, if any. */
export function separatedRoleOfTask(candidateRole: string): SeparatedRole | null {
  switch (candidateRole) {
    case 'caseOfficer':
      return 'investigator';
    case 'trialReviewer':
    case 'trialOfficeDirector':
      return 'trialReviewer';
    case 'appealHandler':
      return 'appealHandler';
    default:
      return null;
  }
}

/**
 * Whether giving `personId` the separated `role` in this case would make them hold two of investigator,
 * trial reviewer and appeal handler (WR art. 59). Breaches among other people are not this assignment's.
 */
export function separationBreach(
  holders: CaseRoleHolders,
  role: SeparatedRole,
  personId: string,
): SeparationViolation | null {
  const violations = separationOfDutiesViolations([...separatedAssignmentsOf(holders), { role, personId }]);
  return violations.find((v) => v.personId === personId) ?? null;
}
