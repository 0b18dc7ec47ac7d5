import {
  casePolicyProblems,
  COMPRESSED_POLICY,
  DEFAULT_POLICY,
  LIMIT_KEYS,
  type CasePolicy,
  type LimitKey,
} from './case-policy';
import { policyByVersion, policyVersions, UnknownPolicyVersionError } from './policy-registry';

describe('DEFAULT_POLICY', () => {
  it('carries every DOMAIN §7 limit with its default amount, unit and extension', () => {
    const expected: Record<LimitKey, string> = {
      intake: '5 wd',
      leadDisposal: '1 m',
      letterReply: '15 wd',
      preliminaryVerification: '60 d +30×1 ↑1',
      filingDecision: '10 wd',
      investigation: '90 d +90×1 ↑2',
      trialReview: '1 m',
      sanctionAnnouncement: '1 m',
      closing: '10 wd',
      partyAppealWindow: '1 m',
      partyAppealDecision: '3 m',
      supervisionReexaminationWindow: '1 m',
      supervisionReexaminationDecision: '1 m',
      supervisionReviewWindow: '1 m',
      supervisionReviewDecision: '2 m',
      accountabilityInvestigation: '60 d +30×1 ↑1',
      accountabilityDecision: '30 d',
      accountabilityAnnouncement: '10 wd',
      orgAdjustmentDone: '1 m',
      accountabilityAppealWindow: '1 m',
      accountabilityAppealDecision: '1 m',
      approval: '5 wd',
    };
    const actual = Object.fromEntries(
      LIMIT_KEYS.map((key) => {
        const { amount, unit, extension: ext } = DEFAULT_POLICY.limits[key];
        return [key, `${amount} ${unit}${ext ? ` +${ext.amount}×${ext.maxCount} ↑${ext.approvalLevelsUp}` : ''}`];
      }),
    );
    expect(actual).toEqual(expected);
  });

  it('escalates T−3 wd assignee, T superior, T+2 case management, T+5 leader in charge, T+10 higher commission', () => {
    expect(DEFAULT_POLICY.escalation.map((s) => [s.level, s.offsetWd, s.to])).toEqual([
      [0, -3, 'assignee'],
      [1, 0, 'superior'],
      [2, 2, 'caseManagement'],
      [3, 5, 'leaderInCharge'],
      [4, 10, 'higherCommission'],
    ]);
  });

  it('uses the DOMAIN stall and rectification defaults and real time', () => {
    expect(DEFAULT_POLICY.stall).toEqual({ idleWd: 10, approvalWd: 5 });
    expect(DEFAULT_POLICY.rectification).toEqual({
      reportIntervalDays: 30,
      overdueToAccountabilityDays: 30,
      recheckAfterMonths: 6,
    });
    expect(DEFAULT_POLICY.timeScale).toBe(1);
  });

  it('cannot be changed at run time, down to a single limit', () => {
    expect(Object.isFrozen(DEFAULT_POLICY.limits.investigation)).toBe(true);
    expect(() => {
      (DEFAULT_POLICY.limits.intake as { amount: number }).amount = 50;
    }).toThrow(TypeError);
  });
});

describe('COMPRESSED_POLICY', () => {
  it('has the same rules as the default and turns one day of case time into 2 s of timer time', () => {
    expect({ ...COMPRESSED_POLICY, version: DEFAULT_POLICY.version, timeScale: 1 }).toEqual(DEFAULT_POLICY);
    expect(COMPRESSED_POLICY.version).not.toBe(DEFAULT_POLICY.version);
    expect(24 * 60 * 60 * 1000 * COMPRESSED_POLICY.timeScale).toBeCloseTo(2000, 6);
  });
});

describe('casePolicyProblems', () => {
  it('finds no problem in the shipped policies', () => {
    expect(casePolicyProblems(DEFAULT_POLICY)).toEqual([]);
    expect(casePolicyProblems(COMPRESSED_POLICY)).toEqual([]);
  });

  it('reports a reminder that disagrees with reminderBeforeWd and escalation steps out of order', () => {
    const broken: CasePolicy = {
      ...DEFAULT_POLICY,
      reminderBeforeWd: 4,
      escalation: [DEFAULT_POLICY.escalation[0], DEFAULT_POLICY.escalation[2], DEFAULT_POLICY.escalation[1]],
    };
    expect(casePolicyProblems(broken)).toEqual([
      'escalation[2] must come after escalation[1] in level and offset',
      'escalation[0] must remind the assignee reminderBeforeWd working days before the due date',
    ]);
  });
});

describe('policyByVersion', () => {
  it('returns the policy a case recorded at its start', () => {
    expect(policyByVersion('dom-2026.1')).toBe(DEFAULT_POLICY);
    expect(policyByVersion('compressed-2026.1')).toBe(COMPRESSED_POLICY);
    expect(policyVersions()).toEqual(['dom-2026.1', 'compressed-2026.1']);
  });

  it('throws on a version it does not know, naming the known ones', () => {
    expect(() => policyByVersion('dom-2099.9')).toThrow(UnknownPolicyVersionError);
    expect(() => policyByVersion('dom-2099.9')).toThrow(/known: dom-2026\.1, compressed-2026\.1/);
  });
});
