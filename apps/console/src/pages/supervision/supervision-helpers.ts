/** Stages a supervisor filters by, in the order a case passes them. */
export const STAGES = [
  'intake',
  'clueDisposal',
  'talkOrLetter',
  'preliminaryVerification',
  'filing',
  'investigation',
  'trialReview',
  'sanction',
  'closing',
  'appealReview',
];

/** The escalation ladder of DOMAIN §7: 0 the assignee's reminder … 4 the higher commission's case management. */
export const ESCALATION_LEVELS = [0, 1, 2, 3, 4];

export interface SupervisionFilter {
  unit?: string;
  stage?: string;
  minLevel?: number;
}

export function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** A Shanghai calendar date, `offsetDays` from today. */
export function localDate(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** The case's workflow in the Temporal Web UI (workflow id = case id; the stack runs in namespace `default`). */
export function temporalWorkflowUrl(temporalUiUrl: string, caseId: string): string {
  return `${temporalUiUrl}/namespaces/default/workflows/${encodeURIComponent(caseId)}`;
}
