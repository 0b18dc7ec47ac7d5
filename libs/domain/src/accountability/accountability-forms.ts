/**
 * What an accountability (问责) decision may contain, and who may take it (DOMAIN §4, AR arts. 7–8, 9–16).
 * Pure data and checks, shared by the review workflow's update validators and by the gateway's schemas.
 */

/** Who or what is held accountable: a party organization (党组织) or a cadre (党员领导干部). */
export type AccountabilityTarget = 'organization' | 'person';

/** Forms for an organization: 检查 (inspection), 通报 (circulate a notice), 改组 (reorganize). */
export const ORGANIZATION_FORMS = ['INSPECTION', 'CIRCULATE', 'REORGANIZE'] as const;
/** Forms for a cadre: 通报, 诫勉 (admonish), 组织调整或者组织处理, 纪律处分 (via DR). */
export const CADRE_FORMS = ['CIRCULATE', 'ADMONISH', 'ORG_ADJUSTMENT', 'DISC_SANCTION'] as const;
export const ACCOUNTABILITY_FORMS = [
  'INSPECTION',
  'CIRCULATE',
  'REORGANIZE',
  'ADMONISH',
  'ORG_ADJUSTMENT',
  'DISC_SANCTION',
] as const;
export type AccountabilityForm = (typeof ACCOUNTABILITY_FORMS)[number];

/** 停职检查, 调整职务, 责令辞职, 降职, 免职. */
export const ORG_ADJUSTMENT_OPTIONS = [
  'SUSPEND_FOR_INSPECTION',
  'REASSIGN',
  'ORDER_TO_RESIGN',
  'DEMOTE',
  'REMOVE',
] as const;
export type OrgAdjustmentOption = (typeof ORG_ADJUSTMENT_OPTIONS)[number];

/** 不予/免予问责 (AR art. 17), 从轻/减轻, 从重/加重. */
export const MODIFIER_KINDS = ['EXEMPT', 'LIGHTER', 'HEAVIER'] as const;
export type ModifierKind = (typeof MODIFIER_KINDS)[number];

/**
 * AR art. 17 exemption grounds: (a) reform/pilot mistake or unintentional error, (b) objection recorded in a
 * collective decision, (c) duty done but force majeure, plus objecting to a wrong order from above.
 */
export const EXEMPTION_GROUNDS = [
  'REFORM_OR_UNINTENTIONAL',
  'DISSENT_RECORDED',
  'FORCE_MAJEURE',
  'OBJECTED_TO_ORDER',
] as const;
export type ExemptionGround = (typeof EXEMPTION_GROUNDS)[number];

export interface AccountabilityModifier {
  readonly kind: ModifierKind;
  /** Required for `EXEMPT`: which AR art. 17 ground applies. */
  readonly ground?: ExemptionGround;
  readonly text: string;
}

/** DR art. 39 types, plus `NONE` (needs a reason). An organization bears no `DIRECT` responsibility. */
export const DETERMINATIONS = ['NONE', 'DIRECT', 'MAIN_LEADERSHIP', 'IMPORTANT_LEADERSHIP'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

export const APPEAL_REVIEW_OUTCOMES = ['UPHELD', 'AMENDED', 'REVOKED'] as const;
export type AppealReviewOutcome = (typeof APPEAL_REVIEW_OUTCOMES)[number];

/** The content of a proposal, a decision recorded back from a managing body, or an amended appeal decision. */
export interface AccountabilityMeasures {
  readonly forms: readonly AccountabilityForm[];
  readonly orgAdjustmentOption?: OrgAdjustmentOption;
  readonly modifiers: readonly AccountabilityModifier[];
}

export function determinationsFor(target: AccountabilityTarget): readonly Determination[] {
  return target === 'organization' ? DETERMINATIONS.filter((d) => d !== 'DIRECT') : DETERMINATIONS;
}

export function formsFor(target: AccountabilityTarget): readonly AccountabilityForm[] {
  return target === 'organization' ? ORGANIZATION_FORMS : CADRE_FORMS;
}

/**
 * Every reason the measures are unusable for the target; empty means usable. An exemption (免予问责) may
 * stand alone without forms; otherwise at least one form is needed.
 */
export function measuresProblems(target: AccountabilityTarget, measures: AccountabilityMeasures): string[] {
  const problems: string[] = [];
  const allowed = formsFor(target);
  const exempt = measures.modifiers.some((m) => m.kind === 'EXEMPT');
  if (measures.forms.length === 0 && !exempt)
    problems.push('at least one form is needed unless the target is exempted (AR art. 17)');
  if (measures.forms.length > 0 && exempt) problems.push('an exempted target receives no form');
  measures.forms.forEach((form, i) => {
    if (!allowed.includes(form))
      problems.push(
        `form ${form} does not apply to a ${target === 'organization' ? 'party organization' : 'cadre'}; allowed: ${allowed.join(', ')}`,
      );
    if (measures.forms.indexOf(form) !== i) problems.push(`form ${form} is listed twice`);
  });
  const adjusts = measures.forms.includes('ORG_ADJUSTMENT');
  if (adjusts && !measures.orgAdjustmentOption)
    problems.push(`ORG_ADJUSTMENT needs one of ${ORG_ADJUSTMENT_OPTIONS.join(', ')}`);
  if (!adjusts && measures.orgAdjustmentOption) problems.push('orgAdjustmentOption is only for ORG_ADJUSTMENT');
  const kinds = measures.modifiers.map((m) => m.kind);
  if (kinds.includes('LIGHTER') && kinds.includes('HEAVIER')) problems.push('LIGHTER and HEAVIER exclude each other');
  measures.modifiers.forEach((modifier, i) => {
    if (kinds.indexOf(modifier.kind) !== i) problems.push(`modifier ${modifier.kind} is listed twice`);
    if (!modifier.text.trim()) problems.push(`modifier ${modifier.kind} needs a text`);
    if (modifier.kind === 'EXEMPT' && !modifier.ground) problems.push('EXEMPT needs an AR art. 17 ground');
    if (modifier.kind !== 'EXEMPT' && modifier.ground) problems.push(`${modifier.kind} takes no exemption ground`);
  });
  return problems;
}

/** Forms the commission decides itself (after reporting to the same-level committee or its head). */
const COMMISSION_DECIDES: Readonly<Record<AccountabilityTarget, readonly AccountabilityForm[]>> = {
  organization: ['INSPECTION', 'CIRCULATE'],
  person: ['CIRCULATE', 'ADMONISH'],
};

export type DecidingAuthority = 'commission' | 'managingBody';

/**
 * AR procedure chapter (DOMAIN §4 Authority): the commission may itself decide INSPECTION/CIRCULATE for
 * organizations and CIRCULATE/ADMONISH for cadres the same-level committee manages; anything else
 * (REORGANIZE, ORG_ADJUSTMENT, DISC_SANCTION) it only proposes to the body with management authority. A
 * target managed outside the commission's jurisdiction (`referral`) is always decided by that body.
 * An exemption without forms is the commission's own finding.
 */
export function decidingAuthority(
  target: AccountabilityTarget,
  measures: AccountabilityMeasures,
  referral: boolean,
): { authority: DecidingAuthority; reason: string } {
  if (referral)
    return {
      authority: 'managingBody',
      reason: 'the target is managed outside this commission’s jurisdiction: referral to the managing body',
    };
  const beyond = measures.forms.filter((form) => !COMMISSION_DECIDES[target].includes(form));
  if (beyond.length > 0)
    return {
      authority: 'managingBody',
      reason: `the commission only proposes ${beyond.join(', ')}: the managing body decides`,
    };
  return {
    authority: 'commission',
    reason: 'within the commission’s own authority, after reporting to the same-level committee',
  };
}

/**
 * AR art. 6: a decision against an organization must also reach the responsible members. Warns when an
 * organization receives forms but none of its members is under review in the same trace-back.
 */
export function organizationCoverageWarnings(
  target: AccountabilityTarget,
  measures: AccountabilityMeasures,
  memberReviews: number,
): string[] {
  if (target !== 'organization' || measures.forms.length === 0 || memberReviews > 0) return [];
  return [
    'an organization-level decision should also cover the responsible members (AR art. 6); no member of this body is under review',
  ];
}
