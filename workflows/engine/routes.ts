import type { Participants } from '@shuangcha/contracts';
import { approversLevelsUp, separatedRoleOfTask, separationBreach, type HumanTask } from '@shuangcha/domain/case';

/** The ids in their first order, each once. */
export function uniq(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) === i);
}

/** Who the policy's escalation step for `role` notifies about the task (DOMAIN §7); anything higher goes up a commission. */
export function escalationRecipient(
  p: Pick<Participants, 'caseManagementOfficerId' | 'leaderInChargeId' | 'higherCommissionCaseManagementId'>,
  superiorOf: (personId: string) => string,
  role: string,
  task: HumanTask,
): string {
  switch (role) {
    case 'assignee':
      return task.assigneeId;
    case 'superior':
      return superiorOf(task.assigneeId);
    case 'caseManagement':
      return p.caseManagementOfficerId;
    case 'leaderInCharge':
      return p.leaderInChargeId;
    default:
      return p.higherCommissionCaseManagementId;
  }
}

/**
 * Who holds each role, in the order the task goes to them when someone is recused
 * (deputy → principal leader → higher commission, DOMAIN §5).
 */
export function participantRoutes(p: Participants) {
  const routeFor = (role: string): string[] => {
    switch (role) {
      case 'caseManagementOfficer':
        return [p.caseManagementOfficerId];
      case 'caseOfficer':
        return [p.caseOfficerId];
      case 'leaderInCharge':
        return uniq([p.leaderInChargeId, ...p.deputyLeaderIds, p.principalLeaderId, p.higherCommissionLeaderId]);
      case 'principalLeader':
      case 'standingCommittee':
        return uniq([p.principalLeaderId, p.higherCommissionLeaderId]);
      case 'trialReviewer':
        return uniq([...p.trialReviewerIds, p.higherCommissionLeaderId]);
      case 'trialOfficeDirector':
        // The proposal lists the director first among the reviewers (WR art. 55).
        return uniq([
          p.trialOfficeDirectorId ?? p.trialReviewerIds[0],
          ...p.deputyLeaderIds,
          p.principalLeaderId,
          p.higherCommissionLeaderId,
        ]);
      case 'appealHandler':
        return uniq([p.appealHandlerId, p.higherCommissionLeaderId]);
      case 'higherCommissionLeader':
        return [p.higherCommissionLeaderId];
      case 'partyCommitteePrincipalLeader':
        return p.partyCommitteePrincipalLeaderId ? [p.partyCommitteePrincipalLeaderId] : [];
      case 'approverAbove':
        return uniq([p.leaderInChargeId, ...p.deputyLeaderIds, p.principalLeaderId, p.higherCommissionLeaderId]);
      default:
        return [];
    }
  };
  /** The route with the trial office director after the other trial reviewers on it. */
  const directorLast = (route: string[]): string[] => {
    const director = p.trialOfficeDirectorId ?? p.trialReviewerIds[0];
    const reviewer = (id: string) => p.trialReviewerIds.includes(id);
    if (!reviewer(director)) return route;
    const others = route.filter((id) => reviewer(id) && id !== director);
    return [...others, ...(route.includes(director) ? [director] : []), ...route.filter((id) => !reviewer(id))];
  };
  const superiorOf = (personId: string): string =>
    p.superiorOf[personId] ?? (personId === p.leaderInChargeId ? p.principalLeaderId : p.leaderInChargeId);
  return {
    routeFor,
    /**
     * A task's route: a trial reviewer's approval is the co-review of a second reviewer (审理组, at least two,
     * WR art. 55), so it never goes back to the reviewer who proposed, and reaches the director last.
     */
    routeOfTask: (task: Pick<HumanTask, 'kind' | 'candidateRole' | 'proposal'>): string[] =>
      task.kind === 'approval' && task.candidateRole === 'trialReviewer'
        ? directorLast(routeFor(task.candidateRole)).filter((id) => id !== task.proposal?.proposedBy)
        : routeFor(task.candidateRole),
    /**
     * Who proposes when the proposer's own role co-reviews (the trial review): the trial office director last,
     * so the opinion the director signs off is formed by the other reviewers where the office has them.
     */
    proposersBeforeCoReview: (role: string): string[] => directorLast(routeFor(role)),
    votersFor: (role: string): string[] => (role === 'standingCommittee' ? [...p.standingCommitteeIds] : []),
    /**
     * At least one level above the assignee; the leader in charge for staff, the principal leader for leaders.
     * With `levelsUp`, exactly that many levels up the ladder of the case's posts (DOMAIN §7).
     */
    approverAbove: (personId: string, levelsUp?: number): string[] => {
      if (levelsUp !== undefined) return approversLevelsUp(p, personId, levelsUp);
      const above = superiorOf(personId);
      return uniq([above, ...routeFor('principalLeader')]).filter((id) => id !== personId);
    },
    recipientFor: (role: string, task: HumanTask): string => escalationRecipient(p, superiorOf, role, task),
    supervisors: uniq([p.caseManagementOfficerId, p.leaderInChargeId, p.principalLeaderId]),
    participantIds: uniq([
      p.caseManagementOfficerId,
      p.caseOfficerId,
      p.leaderInChargeId,
      p.principalLeaderId,
      ...p.deputyLeaderIds,
      p.higherCommissionLeaderId,
      p.higherCommissionCaseManagementId,
      ...p.trialReviewerIds,
      ...(p.trialOfficeDirectorId ? [p.trialOfficeDirectorId] : []),
      ...p.standingCommitteeIds,
      p.appealHandlerId,
    ]),
  };
}

/**
 * WR art. 59 on the case: why giving `personId` a task of `candidateRole` would make them investigator, trial
 * reviewer or appeal handler beside another of those roles in this case, or null when it would not.
 */
export function separationProblem(p: Participants, candidateRole: string, personId: string): string | null {
  const role = separatedRoleOfTask(candidateRole);
  const breach = role ? separationBreach(p, role, personId) : null;
  return breach
    ? `${personId} would hold ${breach.roles.join(' and ')} in one case: investigators, trial reviewers and appeal handlers must be different people (WR art. 59, 审查调查、审理、申诉复查人员分设)`
    : null;
}
