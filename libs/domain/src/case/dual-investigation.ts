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
