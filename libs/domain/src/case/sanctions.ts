/**
 * What the sanction stage can decide (DOMAIN §2), as data. A decision is one outcome code so a collective
 * vote can tally it: a party sanction, a government sanction, or both joined by `+`
 * (`EXPULSION+GOV_EXPULSION`, 双开); organisational handling instead of a sanction; or no sanction.
 */

/** 党纪处分 (DR art. 8). */
export const PARTY_SANCTION_KINDS = [
  'WARNING',
  'SERIOUS_WARNING',
  'REMOVE_PARTY_POST',
  'PROBATION_1Y',
  'PROBATION_2Y',
  'EXPULSION',
] as const;
export type PartySanction = (typeof PARTY_SANCTION_KINDS)[number];

/** 政务处分 (PSL art. 7): 警告, 记过, 记大过, 降级, 撤职, 开除. */
export const GOVERNMENT_SANCTION_KINDS = [
  'GOV_WARNING',
  'GOV_DEMERIT',
  'GOV_MAJOR_DEMERIT',
  'GOV_DEMOTION',
  'GOV_DISMISSAL',
  'GOV_EXPULSION',
] as const;
export type GovernmentSanction = (typeof GOVERNMENT_SANCTION_KINDS)[number];

/** 组织处理: handled by the organisation (adjustment, removal…) without a disciplinary sanction. */
export const ORG_HANDLING = 'ORG_HANDLING';
export const NO_SANCTION = 'NO_SANCTION';

/** How long a government sanction lasts (PSL art. 8); expulsion has no period. */
export const GOVERNMENT_SANCTION_MONTHS: Readonly<Record<GovernmentSanction, number | null>> = {
  GOV_WARNING: 6,
  GOV_DEMERIT: 12,
  GOV_MAJOR_DEMERIT: 18,
  GOV_DEMOTION: 24,
  GOV_DISMISSAL: 24,
  GOV_EXPULSION: null,
};

export interface SanctionDecision {
  readonly party: PartySanction | null;
  readonly government: GovernmentSanction | null;
  readonly orgHandling: boolean;
}

/** Every outcome the sanction stage offers: each sanction alone, each party sanction with each government one. */
export const SANCTION_OUTCOMES: readonly string[] = [
  ...PARTY_SANCTION_KINDS,
  ...GOVERNMENT_SANCTION_KINDS,
  ...PARTY_SANCTION_KINDS.flatMap((party) => GOVERNMENT_SANCTION_KINDS.map((gov) => `${party}+${gov}`)),
  ORG_HANDLING,
  NO_SANCTION,
];

const isParty = (code: string): code is PartySanction => (PARTY_SANCTION_KINDS as readonly string[]).includes(code);
const isGovernment = (code: string): code is GovernmentSanction =>
  (GOVERNMENT_SANCTION_KINDS as readonly string[]).includes(code);

/** The decision an outcome code stands for, or null when it is not one of `SANCTION_OUTCOMES`. */
export function parseSanction(code: string): SanctionDecision | null {
  if (code === NO_SANCTION) return { party: null, government: null, orgHandling: false };
  if (code === ORG_HANDLING) return { party: null, government: null, orgHandling: true };
  const [first, second, ...rest] = code.split('+');
  if (rest.length > 0) return null;
  if (second === undefined) {
    if (isParty(first)) return { party: first, government: null, orgHandling: false };
    if (isGovernment(first)) return { party: null, government: first, orgHandling: false };
    return null;
  }
  return isParty(first) && isGovernment(second) ? { party: first, government: second, orgHandling: false } : null;
}

/** The outcome code of a decision; the inverse of `parseSanction`. */
export function sanctionCode(decision: SanctionDecision): string {
  if (decision.orgHandling) return ORG_HANDLING;
  const parts = [decision.party, decision.government].flatMap((p) => (p === null ? [] : [p]));
  return parts.length === 0 ? NO_SANCTION : parts.join('+');
}

/** 申诉 against a party sanction (WR art. 59), or 复审 then 复核 against a government sanction (SL, PSL). */
export type AppealRoute = 'party' | 'supervision';
export type AppealAgainst = 'partySanction' | 'governmentSanction';

/**
 * Which route an appeal takes: against a government sanction, re-examination then review; otherwise the
 * party appeal. Without a choice, a decision with only a government sanction goes the supervision route.
 */
export function appealRouteOf(decision: SanctionDecision | null, against?: AppealAgainst): AppealRoute {
  if (against === 'governmentSanction') return 'supervision';
  if (against === 'partySanction') return 'party';
  return decision?.government && !decision.party ? 'supervision' : 'party';
}

/** Why an appeal `against` cannot be registered for this decision, or null. */
export function appealAgainstProblem(decision: SanctionDecision | null, against: AppealAgainst): string | null {
  if (against === 'governmentSanction' && !decision?.government) return 'the case decided no government sanction';
  if (against === 'partySanction' && !decision?.party) return 'the case decided no party sanction';
  return null;
}
