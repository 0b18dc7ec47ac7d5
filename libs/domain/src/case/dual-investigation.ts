import { overlapDays, type Interval } from '../org';

/**
 * When the system suggests "one case, two investigations" (一案双查). DOMAIN §3: any one indicator
 * suffices; a person decides. The thresholds are defaults, not sourced rules.
 */
export interface TriggerIndicators {
  expectedSanctionAtLeastProbation: boolean;
  crimeSuspected: boolean;
  subjectIsTeamMember: boolean;
  personsInvestigatedInUnit: number;
  misconductMonths: number;
  ignoredComplaints: number;
  inspectionFindingsUnrectified: boolean;
}

export function dualInvestigationSuggestion(indicators: TriggerIndicators): { suggested: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (indicators.expectedSanctionAtLeastProbation) reasons.push('expected sanction is probation or heavier');
  if (indicators.crimeSuspected) reasons.push('crime suspected');
  if (indicators.subjectIsTeamMember) reasons.push('a subject is a member of the unit leadership team');
  if (indicators.personsInvestigatedInUnit >= 3)
    reasons.push(`${indicators.personsInvestigatedInUnit} people in the unit investigated`);
  if (indicators.misconductMonths >= 12) reasons.push(`misconduct lasted ${indicators.misconductMonths} months`);
  if (indicators.ignoredComplaints > 0) reasons.push(`${indicators.ignoredComplaints} earlier complaints ignored`);
  if (indicators.inspectionFindingsUnrectified) reasons.push('inspection-tour findings left unrectified');
  return { suggested: reasons.length > 0, reasons };
}

/** Stages of a case at or past closing (结案), the violation investigation's or the case's own. */
const CLOSING_STAGES: ReadonlySet<string> = new Set(['closing', 'awaitingAccountability', 'closed']);

/**
 * Why one case, two investigations can no longer be decided, or null while it can: a manual TRIGGER is
 * allowed until closing (DOMAIN §3), since a trace-back opened then would outlive the case it hangs on.
 */
export function dualInvestigationClosedReason(status: 'OPEN' | 'CLOSED', stage: string): string | null {
  if (status === 'CLOSED') return 'the case is closed: one case, two investigations can no longer be decided';
  if (CLOSING_STAGES.has(stage))
    return `the case is ${stage === 'closing' ? 'closing' : 'waiting to close'}: one case, two investigations can be decided only until closing`;
  return null;
}

/**
 * Whether a filed trace-back's periods cover the periods of one about to open (DOMAIN §3: targets already under
 * a filed case reuse that case). Any shared day counts; a trace-back with no period matches nothing, since
 * nothing says it is the same misconduct.
 */
export function sameTraceBackPeriod(filed: readonly Interval[], opening: readonly Interval[]): boolean {
  return filed.some((a) => opening.some((b) => overlapDays(a, b) > 0));
}
