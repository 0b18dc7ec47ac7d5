/**
 * The roles WR art. 59 keeps apart in one case family: those who investigate (审查调查), those who review
 * the result (审理) and those who hear the appeal (申诉) must be different people.
 */
export type SeparatedRole = 'investigator' | 'trialReviewer' | 'appealHandler';

export interface SeparatedAssignment {
  role: SeparatedRole;
  personId: string;
}

export interface SeparationViolation {
  personId: string;
  /** Every separated role the person was given, in the order first assigned. */
  roles: SeparatedRole[];
}

/**
 * Persons who hold more than one of the separated roles. One person named twice in the same role (two
 * trial-review slots) is a duplicate, not a separation breach, and is left to the caller's own check.
 */
export function separationOfDutiesViolations(assignments: readonly SeparatedAssignment[]): SeparationViolation[] {
  const rolesOf = new Map<string, SeparatedRole[]>();
  for (const { role, personId } of assignments) {
    const roles = rolesOf.get(personId) ?? [];
    if (!roles.includes(role)) roles.push(role);
    rolesOf.set(personId, roles);
  }
  return [...rolesOf.entries()]
    .filter(([, roles]) => roles.length > 1)
    .map(([personId, roles]) => ({ personId, roles }));
}

/** The separated roles of a case's participants (caseOfficerId investigates). */
export function separatedAssignmentsOf(participants: {
  caseOfficerId: string;
  trialReviewerIds: readonly string[];
  /** The trial office director signs the review off, so reviews too (WR art. 59). */
  trialOfficeDirectorId?: string;
  appealHandlerId: string;
}): SeparatedAssignment[] {
  const reviewers = [...participants.trialReviewerIds, ...(participants.trialOfficeDirectorId ?? [])];
  return [
    { role: 'investigator', personId: participants.caseOfficerId },
    ...reviewers.map((personId) => ({ role: 'trialReviewer' as const, personId })),
    { role: 'appealHandler', personId: participants.appealHandlerId },
  ];
}
