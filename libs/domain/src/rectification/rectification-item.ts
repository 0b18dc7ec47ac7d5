/**
 * 整改 (rectification): one item of a problem list (问题清单), DOMAIN §6. Pure functions over plain data;
 * the item workflow owns the state, the clock and the timers.
 */

export const RECTIFICATION_ITEM_STATES = ['OPEN', 'IN_PROGRESS', 'SUBMITTED', 'VERIFIED_CLOSED', 'REJECTED'] as const;
/** `OVERDUE` is not a state: it is derived from the due date (see `daysOverdue`). */
export type RectificationItemState = (typeof RECTIFICATION_ITEM_STATES)[number];

/** Kinds of evidence a requirement may name; the import rejects anything else. */
export const EVIDENCE_KINDS = [
  'DOCUMENT',
  'MEETING_MINUTES',
  'REGULATION',
  'FINANCIAL_RECORD',
  'PHOTO',
  'TRAINING_RECORD',
  'OTHER',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface EvidenceRequirement {
  readonly kind: EvidenceKind;
  readonly description: string;
}

/** An attachment in document storage, referenced by id and its SHA-256 so it cannot be swapped later. */
export interface EvidenceRef {
  readonly id: string;
  readonly sha256: string;
  readonly kind: EvidenceKind;
}

export interface ProgressReport {
  readonly atMs: number;
  readonly actorId: string;
  readonly summary: string;
  readonly attachments: readonly EvidenceRef[];
}

export interface Submission {
  readonly atMs: number;
  readonly actorId: string;
  readonly summary: string;
  readonly evidence: readonly EvidenceRef[];
}

export interface Verification {
  readonly atMs: number;
  readonly verifierId: string;
  readonly outcome: VerificationOutcome;
  readonly reason: string | null;
}

export const VERIFICATION_OUTCOMES = ['PASS', 'FAIL'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** Reopened this many times, an item is flagged to supervisors (issue 6: "reopened twice"). */
export const REOPEN_FLAG_THRESHOLD = 2;

export interface RectificationItem {
  readonly itemKey: string;
  /** 问题 */
  readonly problem: string;
  /** 措施 */
  readonly measure: string;
  /** 责任人: the current holder of the responsible post. */
  readonly responsiblePersonId: string;
  readonly responsibleUnitId: string;
  readonly evidenceRequirements: readonly EvidenceRequirement[];
  readonly state: RectificationItemState;
  readonly openedAtMs: number;
  /** 时间表: end of the due day (Asia/Shanghai); moves only by an approved extension. */
  readonly dueAtMs: number;
  readonly progressReports: readonly ProgressReport[];
  readonly submission: Submission | null;
  readonly verifications: readonly Verification[];
  readonly reopenCount: number;
  readonly flaggedToSupervisors: boolean;
  readonly signedOffAtMs: number | null;
  readonly signedOffBy: string | null;
  /** When the overdue item was turned into a suggestion for a new accountability case, once. */
  readonly accountabilitySuggestedAtMs: number | null;
}

export type RectificationRejectionType =
  | 'WrongStage'
  | 'NotResponsiblePerson'
  | 'VerifierIsResponsiblePerson'
  | 'MissingEvidence'
  | 'InvalidEvidence'
  | 'InvalidDecision';

export interface RectificationRejection {
  readonly type: RectificationRejectionType;
  readonly message: string;
}

export interface NewItem {
  itemKey: string;
  problem: string;
  measure: string;
  responsiblePersonId: string;
  responsibleUnitId: string;
  evidenceRequirements: readonly EvidenceRequirement[];
  dueAtMs: number;
}

export function openItem(item: NewItem, nowMs: number): RectificationItem {
  return {
    ...item,
    evidenceRequirements: item.evidenceRequirements.map((r) => ({ ...r })),
    state: 'OPEN',
    openedAtMs: nowMs,
    progressReports: [],
    submission: null,
    verifications: [],
    reopenCount: 0,
    flaggedToSupervisors: false,
    signedOffAtMs: null,
    signedOffBy: null,
    accountabilitySuggestedAtMs: null,
  };
}

/** States in which the responsible person still owes work, so the due date runs against them. */
export function isWorkOwed(state: RectificationItemState): boolean {
  return state === 'OPEN' || state === 'IN_PROGRESS' || state === 'REJECTED';
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface OverdueInput {
  readonly state: RectificationItemState;
  readonly dueAtMs: number;
  readonly submission: { readonly atMs: number } | null;
}
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Whole days past the due date, counting a started day: one millisecond after the due day ends is day 1.
 * The responsible person's clock stops when they submit, so a submitted item keeps the days it had then;
 * a signed-off item is no longer overdue.
 */
export function daysOverdue(item: OverdueInput, nowMs: number): number {
  if (item.state === 'VERIFIED_CLOSED') return 0;
  const asOf = item.state === 'SUBMITTED' && item.submission ? item.submission.atMs : nowMs;
  return asOf > item.dueAtMs ? Math.ceil((asOf - item.dueAtMs) / DAY_MS) : 0;
}

export function isOverdue(item: OverdueInput, nowMs: number): boolean {
  return daysOverdue(item, nowMs) > 0;
}

function evidenceProblems(evidence: readonly EvidenceRef[]): string[] {
  const problems: string[] = [];
  evidence.forEach((e, i) => {
    if (!e.id.trim()) problems.push(`evidence[${i}] has no id`);
    if (!SHA256.test(e.sha256)) problems.push(`evidence[${i}] (${e.id}) needs a lowercase hex SHA-256 checksum`);
  });
  return problems;
}

/** Required evidence kinds the references do not cover, in requirement order, each once. */
export function missingEvidenceKinds(
  requirements: readonly EvidenceRequirement[],
  evidence: readonly EvidenceRef[],
): EvidenceKind[] {
  const provided = new Set(evidence.map((e) => e.kind));
  const missing: EvidenceKind[] = [];
  for (const r of requirements) if (!provided.has(r.kind) && !missing.includes(r.kind)) missing.push(r.kind);
  return missing;
}

/**
 * Why the item cannot be signed off (销号) now; empty when it can. "No half-done work": only a submitted
 * item whose evidence covers every required kind.
 */
export function signOffBlockers(item: RectificationItem): string[] {
  if (item.state !== 'SUBMITTED' || !item.submission) return [`item ${item.itemKey} is ${item.state}, not SUBMITTED`];
  const missing = missingEvidenceKinds(item.evidenceRequirements, item.submission.evidence);
  return missing.map((kind) => {
    const requirement = item.evidenceRequirements.find((r) => r.kind === kind);
    return `missing ${kind} evidence: ${requirement?.description ?? kind}`;
  });
}

export function checkProgressReport(
  item: RectificationItem,
  report: { actorId: string; attachments: readonly EvidenceRef[] },
): RectificationRejection | null {
  if (!isWorkOwed(item.state)) {
    return {
      type: 'WrongStage',
      message: `item ${item.itemKey} is ${item.state}; progress is reported while work is owed`,
    };
  }
  if (report.actorId !== item.responsiblePersonId) {
    return {
      type: 'NotResponsiblePerson',
      message: `${report.actorId} is not the responsible person of item ${item.itemKey}`,
    };
  }
  const problems = evidenceProblems(report.attachments);
  return problems.length > 0 ? { type: 'InvalidEvidence', message: problems.join('; ') } : null;
}

export function applyProgressReport(item: RectificationItem, report: ProgressReport): RectificationItem {
  return { ...item, state: 'IN_PROGRESS', progressReports: [...item.progressReports, report] };
}

export function checkSubmission(
  item: RectificationItem,
  submission: { actorId: string; evidence: readonly EvidenceRef[] },
): RectificationRejection | null {
  if (!isWorkOwed(item.state)) {
    return { type: 'WrongStage', message: `item ${item.itemKey} is ${item.state}; it cannot be reported done again` };
  }
  if (submission.actorId !== item.responsiblePersonId) {
    return {
      type: 'NotResponsiblePerson',
      message: `${submission.actorId} is not the responsible person of item ${item.itemKey}`,
    };
  }
  const problems = evidenceProblems(submission.evidence);
  if (problems.length > 0) return { type: 'InvalidEvidence', message: problems.join('; ') };
  const missing = missingEvidenceKinds(item.evidenceRequirements, submission.evidence);
  if (missing.length > 0) {
    const described = missing.map(
      (kind) => `${kind} (${item.evidenceRequirements.find((r) => r.kind === kind)?.description ?? ''})`,
    );
    return {
      type: 'MissingEvidence',
      message: `item ${item.itemKey} cannot be signed off without evidence of: ${described.join(', ')}`,
    };
  }
  return null;
}

export function applySubmission(item: RectificationItem, submission: Submission): RectificationItem {
  return { ...item, state: 'SUBMITTED', submission };
}

/** DOMAIN §6: the discipline body verifies, never the responsible person. */
export function checkVerification(
  item: RectificationItem,
  verification: { verifierId: string; outcome: string; reason?: string | null },
): RectificationRejection | null {
  if (item.state !== 'SUBMITTED') {
    return { type: 'WrongStage', message: `item ${item.itemKey} is ${item.state}; only a submitted item is verified` };
  }
  if (verification.verifierId === item.responsiblePersonId) {
    return {
      type: 'VerifierIsResponsiblePerson',
      message: `${verification.verifierId} is responsible for item ${item.itemKey} and cannot verify it`,
    };
  }
  if (verification.outcome !== 'PASS' && verification.outcome !== 'FAIL') {
    return {
      type: 'InvalidDecision',
      message: `verification outcome must be PASS or FAIL, got ${verification.outcome}`,
    };
  }
  if (verification.outcome === 'FAIL' && !verification.reason?.trim()) {
    return { type: 'InvalidDecision', message: 'a failed verification reopens the item and needs a reason' };
  }
  if (verification.outcome === 'PASS') {
    const blockers = signOffBlockers(item);
    if (blockers.length > 0) return { type: 'MissingEvidence', message: `sign-off blocked: ${blockers.join('; ')}` };
  }
  return null;
}

/** PASS signs the item off (销号); FAIL reopens it, counts the reopen and flags it at the threshold. */
export function applyVerification(item: RectificationItem, verification: Verification): RectificationItem {
  const verifications = [...item.verifications, verification];
  if (verification.outcome === 'PASS') {
    return {
      ...item,
      state: 'VERIFIED_CLOSED',
      verifications,
      signedOffAtMs: verification.atMs,
      signedOffBy: verification.verifierId,
    };
  }
  const reopenCount = item.reopenCount + 1;
  return {
    ...item,
    state: 'REJECTED',
    verifications,
    submission: null,
    reopenCount,
    flaggedToSupervisors: item.flaggedToSupervisors || reopenCount >= REOPEN_FLAG_THRESHOLD,
  };
}

/** The responsible person resumes work on a reopened item (REJECTED → IN_PROGRESS). */
export function resumeAfterRejection(item: RectificationItem): RectificationItem {
  return item.state === 'REJECTED' ? { ...item, state: 'IN_PROGRESS' } : item;
}

export function withDueDate(item: RectificationItem, dueAtMs: number): RectificationItem {
  return { ...item, dueAtMs };
}

export type RectificationAlarm = {
  readonly kind: 'progressReportDue' | 'accountabilitySuggestion';
  readonly atMs: number;
};

/**
 * The next moment the workflow must act without a person: a missing progress report (every
 * `reportIntervalDays` while work is owed) or, `overdueToAccountabilityDays` past the due date, the
 * suggestion of a new accountability case (DOMAIN §6). `remindedUpToMs` is the last report deadline
 * already reminded, so each one fires once.
 */
export function nextAlarm(
  item: RectificationItem,
  rules: { reportIntervalDays: number; overdueToAccountabilityDays: number },
  remindedUpToMs: number,
): RectificationAlarm | null {
  if (!isWorkOwed(item.state)) return null;
  const alarms: RectificationAlarm[] = [];
  const lastReportMs = item.progressReports.at(-1)?.atMs ?? item.openedAtMs;
  let reportDue = lastReportMs + rules.reportIntervalDays * DAY_MS;
  while (reportDue <= remindedUpToMs) reportDue += rules.reportIntervalDays * DAY_MS;
  alarms.push({ kind: 'progressReportDue', atMs: reportDue });
  if (item.accountabilitySuggestedAtMs === null) {
    alarms.push({ kind: 'accountabilitySuggestion', atMs: item.dueAtMs + rules.overdueToAccountabilityDays * DAY_MS });
  }
  return alarms.reduce((a, b) => (b.atMs < a.atMs ? b : a));
}
