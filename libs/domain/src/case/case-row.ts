/** Where one child of a case stands, as it last reported it. */
export interface ChildStanding {
  stage: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  concluded: boolean;
}

/** The case row supervisors read: stage, the earliest deadline, lateness and escalation. */
export interface CaseStanding {
  stage: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
}

/**
 * The case row from both halves of 一案双查 (DOMAIN §3: the accountability investigation runs in parallel with
 * its own deadlines): the stage is the violation investigation's (the trace-back's in an accountability-only
 * case, `awaitingAccountability` once the violation half concluded), while the deadline, lateness and escalation
 * are those of whichever running child is nearest its limit, so a late trace-back shows on the stalled and
 * overdue views.
 */
export function caseStandingOf(
  kind: 'violation' | 'accountabilityOnly',
  children: { violation?: ChildStanding; traceBack?: ChildStanding },
  current: CaseStanding,
): CaseStanding {
  const { violation, traceBack } = children;
  const lead = kind === 'violation' ? violation : traceBack;
  const stage = !lead ? current.stage : lead.concluded && kind === 'violation' ? 'awaitingAccountability' : lead.stage;
  const running = [violation, traceBack].filter((c): c is ChildStanding => c !== undefined && !c.concluded);
  const dated = running.flatMap((c) => (c.deadlineAt === null ? [] : [c.deadlineAt]));
  return {
    stage,
    deadlineAt: dated.length ? dated.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null,
    overdue: running.some((c) => c.overdue),
    escalationLevel: Math.max(0, ...running.map((c) => c.escalationLevel)),
  };
}
