/** `wd` working days, `d` calendar days, `m` months (DOMAIN §7). */
export type LimitUnit = 'wd' | 'd' | 'm';

/**
 * Every time limit a case can run against. The DOMAIN §7 table key is given for each; identifiers follow
 * the STYLE §9 glossary (线索 → lead, 初核 → preliminaryVerification, 审理 → trialReview, 问责 → accountability).
 */
export const LIMIT_KEYS = [
  /** intake */
  'intake',
  /** clue_disposal */
  'leadDisposal',
  /** letter_reply (谈话函询) */
  'letterReply',
  /** prelim */
  'preliminaryVerification',
  /** filing_decision */
  'filingDecision',
  /** investigation */
  'investigation',
  /** trial */
  'trialReview',
  /** sanction_announce */
  'sanctionAnnouncement',
  /** closing */
  'closing',
  /** party_appeal window */
  'partyAppealWindow',
  /** party_appeal decision */
  'partyAppealDecision',
  /** sl_reexam window (监察法 复审) */
  'supervisionReexaminationWindow',
  /** sl_reexam decision */
  'supervisionReexaminationDecision',
  /** sl_review window (监察法 复核) */
  'supervisionReviewWindow',
  /** sl_review decision */
  'supervisionReviewDecision',
  /** acc_investigation */
  'accountabilityInvestigation',
  /** acc_decision */
  'accountabilityDecision',
  /** acc_announce */
  'accountabilityAnnouncement',
  /** org_adjustment_done */
  'orgAdjustmentDone',
  /** acc_appeal window */
  'accountabilityAppealWindow',
  /** acc_appeal decision */
  'accountabilityAppealDecision',
  /** stall_approval: how long one approval step may wait before it escalates */
  'approval',
] as const;

export type LimitKey = (typeof LIMIT_KEYS)[number];

export interface LimitExtension {
  /** Added per extension, in the limit's own unit. */
  readonly amount: number;
  readonly maxCount: number;
  /** How many levels above the requester must approve. */
  readonly approvalLevelsUp: number;
}

export interface Limit {
  readonly amount: number;
  readonly unit: LimitUnit;
  /** Absent: the generic rule applies (one more full period, one level up, at most `maxExtensions`). */
  readonly extension?: LimitExtension;
}

export type EscalationRole = 'assignee' | 'superior' | 'caseManagement' | 'leaderInCharge' | 'higherCommission';

export interface EscalationStep {
  readonly level: number;
  /** Working days relative to the due date; negative is before it. */
  readonly offsetWd: number;
  readonly to: EscalationRole;
}

/**
 * The time rules a case runs under. A case records `version` when it starts and keeps that policy for its
 * whole life (see `policyByVersion`); changing a rule means a new version, never an edit.
 */
export interface CasePolicy {
  readonly version: string;
  /**
   * Real timer duration per unit of case time. Due dates are always computed on the real calendar in case
   * time; a workflow sleeps `(dueAt − caseNow) × timeScale` real milliseconds. 1 in production.
   */
  readonly timeScale: number;
  readonly limits: Readonly<Record<LimitKey, Limit>>;
  /** The assignee is reminded this many working days before the due date (escalation level 0). */
  readonly reminderBeforeWd: number;
  readonly warnings: {
    /** Yellow once this fraction of the period's working days has passed. */
    readonly yellowAtFractionUsed: number;
    /** Red once this many working days or fewer remain, today included. */
    readonly redAtRemainingWd: number;
  };
  /** Ascending by level and offset; level 0 is the assignee reminder at −reminderBeforeWd. */
  readonly escalation: readonly EscalationStep[];
  /** Cap on extensions of any one deadline, whatever the limit's own `maxCount`. */
  readonly maxExtensions: number;
  readonly stall: {
    /** Stalled when no audited activity for this many working days. */
    readonly idleWd: number;
    /** Stalled when an approval has been pending longer than this. */
    readonly approvalWd: number;
  };
  /** 整改 */
  readonly rectification: {
    readonly reportIntervalDays: number;
    readonly overdueToAccountabilityDays: number;
    readonly recheckAfterMonths: number;
  };
}

const wd = (amount: number, extension?: LimitExtension): Limit => ({
  amount,
  unit: 'wd',
  ...(extension && { extension }),
});
const d = (amount: number, extension?: LimitExtension): Limit => ({
  amount,
  unit: 'd',
  ...(extension && { extension }),
});
const m = (amount: number, extension?: LimitExtension): Limit => ({
  amount,
  unit: 'm',
  ...(extension && { extension }),
});
const once = (amount: number, approvalLevelsUp = 1): LimitExtension => ({ amount, maxCount: 1, approvalLevelsUp });

const REMINDER_BEFORE_WD = 3;
/** stall_approval: one number for both the approval task's limit and the stall rule, so they cannot drift. */
const STALL_APPROVAL_WD = 5;

/** Sources per DOMAIN §7: WR = 监督执纪工作规则, SL = 监察法, AR = 问责条例; the rest are configurable defaults. */
const DOMAIN_LIMITS: Record<LimitKey, Limit> = {
  intake: wd(5),
  leadDisposal: m(1),
  letterReply: wd(15),
  preliminaryVerification: d(60, once(30)),
  filingDecision: wd(10),
  investigation: d(90, once(90, 2)),
  trialReview: m(1), // WR art. 55; extendable under the generic rule
  sanctionAnnouncement: m(1), // WR art. 56
  closing: wd(10),
  partyAppealWindow: m(1),
  partyAppealDecision: m(3), // WR art. 59
  supervisionReexaminationWindow: m(1), // SL
  supervisionReexaminationDecision: m(1), // SL
  supervisionReviewWindow: m(1), // SL
  supervisionReviewDecision: m(2), // SL
  accountabilityInvestigation: d(60, once(30)),
  accountabilityDecision: d(30),
  accountabilityAnnouncement: wd(10),
  orgAdjustmentDone: m(1), // AR (2016 text)
  accountabilityAppealWindow: m(1), // AR, recalled: verify
  accountabilityAppealDecision: m(1), // AR, recalled: verify
  approval: wd(STALL_APPROVAL_WD),
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** DOMAIN §7 defaults. Warning thresholds have no source in DOMAIN and are our defaults. */
export const DEFAULT_POLICY: CasePolicy = deepFreeze({
  version: 'dom-2026.1',
  timeScale: 1,
  limits: DOMAIN_LIMITS,
  reminderBeforeWd: REMINDER_BEFORE_WD,
  warnings: { yellowAtFractionUsed: 0.5, redAtRemainingWd: 3 },
  escalation: [
    { level: 0, offsetWd: -REMINDER_BEFORE_WD, to: 'assignee' },
    { level: 1, offsetWd: 0, to: 'superior' },
    { level: 2, offsetWd: 2, to: 'caseManagement' },
    { level: 3, offsetWd: 5, to: 'leaderInCharge' },
    { level: 4, offsetWd: 10, to: 'higherCommission' },
  ],
  maxExtensions: 2,
  stall: { idleWd: 10, approvalWd: STALL_APPROVAL_WD },
  rectification: { reportIntervalDays: 30, overdueToAccountabilityDays: 30, recheckAfterMonths: 6 },
});

const DAY_MS = 24 * 60 * 60 * 1000;
const COMPRESSED_DAY_MS = 2000;

/**
 * Same rules as DEFAULT_POLICY for demos and e2e runs: one calendar day of case time (so about one working
 * day) takes 2 s of real time, a 10-wd limit about half a minute, a 90-day investigation three minutes.
 */
export const COMPRESSED_POLICY: CasePolicy = deepFreeze({
  ...DEFAULT_POLICY,
  version: 'compressed-2026.1',
  timeScale: COMPRESSED_DAY_MS / DAY_MS,
});

/**
 * Which clock a case's timestamps are on: `real` under a policy at scale 1; `case` under a compressed one,
 * whose case time runs ahead of wall-clock time (see `timeScale`).
 */
export function clockOf(policy: CasePolicy): 'real' | 'case' {
  return policy.timeScale === 1 ? 'real' : 'case';
}

/** Rule inconsistencies; an empty list means the policy is usable. */
export function casePolicyProblems(policy: CasePolicy): string[] {
  const problems: string[] = [];
  if (!(policy.timeScale > 0 && policy.timeScale <= 1)) problems.push('timeScale must be in (0, 1]');
  for (const key of LIMIT_KEYS) {
    const limit = policy.limits[key];
    if (limit === undefined) {
      problems.push(`limits.${key} is missing`);
      continue;
    }
    if (!(Number.isInteger(limit.amount) && limit.amount > 0))
      problems.push(`limits.${key}.amount must be a positive integer`);
    const ext = limit.extension;
    if (ext && !(Number.isInteger(ext.amount) && ext.amount > 0 && ext.maxCount >= 1 && ext.approvalLevelsUp >= 1)) {
      problems.push(`limits.${key}.extension needs a positive amount, maxCount and approvalLevelsUp`);
    }
  }
  const steps = policy.escalation;
  steps.forEach((step, index) => {
    if (!Number.isInteger(step.offsetWd)) problems.push(`escalation[${index}].offsetWd must be an integer`);
    const previous = steps[index - 1];
    if (previous && !(step.level > previous.level && step.offsetWd > previous.offsetWd)) {
      problems.push(`escalation[${index}] must come after escalation[${index - 1}] in level and offset`);
    }
  });
  const reminder = steps[0];
  if (!reminder || reminder.to !== 'assignee' || reminder.offsetWd !== -policy.reminderBeforeWd) {
    problems.push('escalation[0] must remind the assignee reminderBeforeWd working days before the due date');
  }
  if (!(policy.warnings.yellowAtFractionUsed > 0 && policy.warnings.yellowAtFractionUsed < 1)) {
    problems.push('warnings.yellowAtFractionUsed must be in (0, 1)');
  }
  const approval = policy.limits.approval;
  if (approval && !(approval.unit === 'wd' && approval.amount === policy.stall.approvalWd)) {
    problems.push('limits.approval must equal stall.approvalWd working days');
  }
  if (!(Number.isInteger(policy.maxExtensions) && policy.maxExtensions >= 0))
    problems.push('maxExtensions must be a non-negative integer');
  return problems;
}
