import type { LimitUnit } from '../policy';
import type { ParticipantRole } from './stages';

/**
 * 审查调查措施: the investigative measures a team may take, logged on the case for case management (DOMAIN §2,
 * WR art. 40). DOMAIN names no approval or limit per measure, so the table below is a default: approvals and
 * limits follow the Supervision Law (SL 2018) and its implementing regulations (监察法实施条例 2021) where they
 * give one, and are recorded with that basis so a commission can check them.
 */
export const MEASURE_KINDS = [
  /** 谈话 */
  'TALK',
  /** 询问 (a witness) */
  'QUESTIONING',
  /** 讯问 (the person under investigation, after filing) */
  'INTERROGATION',
  /** 查询 (deposits, remittances, securities …) */
  'ASSET_QUERY',
  /** 调取 (documents and evidence held by others) */
  'EVIDENCE_REQUEST',
  /** 冻结 */
  'FREEZE',
  /** 查封 */
  'SEAL_UP',
  /** 扣押 */
  'SEIZURE',
  /** 搜查 */
  'SEARCH',
  /** 限制出境 */
  'EXIT_RESTRICTION',
  /** 留置 */
  'RETENTION',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** The stages a team of at least two carries out (DOMAIN §2 "Team of ≥2"), and the only ones with measures. */
export const TEAM_STAGES = ['preliminaryVerification', 'investigation'] as const;
export type TeamStage = (typeof TEAM_STAGES)[number];
export const MIN_TEAM_SIZE = 2;

export const isTeamStage = (stage: string): stage is TeamStage => (TEAM_STAGES as readonly string[]).includes(stage);

export interface MeasureRule {
  readonly chinese: string;
  /** Where the measure may be taken: coercive measures only once the case is filed. */
  readonly stages: readonly TeamStage[];
  /** Who approves it before it is taken, in order; empty: the team logs it as taken. */
  readonly approvers: readonly ParticipantRole[];
  /** How long it may last from the day it is taken (approved); null: a single act without a limit. */
  readonly limit: { readonly amount: number; readonly unit: LimitUnit } | null;
  readonly basis: string;
}

const BOTH: readonly TeamStage[] = ['preliminaryVerification', 'investigation'];
const FILED: readonly TeamStage[] = ['investigation'];

export const MEASURE_RULES: Readonly<Record<MeasureKind, MeasureRule>> = {
  TALK: { chinese: '谈话', stages: BOTH, approvers: [], limit: null, basis: 'SL art. 19; default: no approval' },
  QUESTIONING: { chinese: '询问', stages: BOTH, approvers: [], limit: null, basis: 'SL art. 21; default' },
  INTERROGATION: {
    chinese: '讯问',
    stages: FILED,
    approvers: ['leaderInCharge'],
    limit: null,
    basis: 'SL art. 20; default approver',
  },
  ASSET_QUERY: {
    chinese: '查询',
    stages: BOTH,
    approvers: ['leaderInCharge'],
    limit: null,
    basis: 'SL art. 23; default approver',
  },
  EVIDENCE_REQUEST: {
    chinese: '调取',
    stages: BOTH,
    approvers: ['leaderInCharge'],
    limit: null,
    basis: 'SL art. 25; default approver',
  },
  FREEZE: {
    chinese: '冻结',
    stages: FILED,
    approvers: ['principalLeader'],
    limit: { amount: 6, unit: 'm' },
    basis: 'SL art. 23; 6 m per freeze (监察法实施条例, verify article)',
  },
  SEAL_UP: {
    chinese: '查封',
    stages: FILED,
    approvers: ['principalLeader'],
    limit: null,
    basis: 'SL art. 25; default approver',
  },
  SEIZURE: {
    chinese: '扣押',
    stages: FILED,
    approvers: ['principalLeader'],
    limit: null,
    basis: 'SL art. 25; default approver',
  },
  SEARCH: { chinese: '搜查', stages: FILED, approvers: ['principalLeader'], limit: null, basis: 'SL art. 24' },
  EXIT_RESTRICTION: {
    chinese: '限制出境',
    stages: FILED,
    approvers: ['principalLeader', 'higherCommissionLeader'],
    limit: { amount: 3, unit: 'm' },
    basis: 'SL art. 30 (province-level approval; here the next level up); 3 m (监察法实施条例, verify article)',
  },
  RETENTION: {
    chinese: '留置',
    stages: FILED,
    approvers: ['principalLeader', 'higherCommissionLeader'],
    limit: { amount: 3, unit: 'm' },
    basis: 'SL art. 43: decided by the commission’s leadership, approved one level up; at most 3 m (+3 m once)',
  },
};

/** Why `kind` cannot be logged in `stage`, or null when it can. */
export function measureStageProblem(kind: MeasureKind, stage: string): string | null {
  const rule = MEASURE_RULES[kind];
  if (rule.stages.includes(stage as TeamStage)) return null;
  return `${kind} (${rule.chinese}) may be taken only in ${rule.stages.join(' or ')}, the case is in ${stage}`;
}

export interface TeamFacts {
  readonly subjectIds: readonly string[];
  readonly isConflicted: (personId: string) => boolean;
  /** Why the person cannot investigate this case beside another role (WR art. 59), or null. */
  readonly separationBreach: (personId: string) => string | null;
}

/**
 * Why `memberIds` cannot carry preliminary verification or investigation: fewer than two distinct people
 * (DOMAIN §2), a subject of the case, a recused person (DOMAIN §5), or a trial reviewer or appeal handler of
 * the case (WR art. 59). Null when the team may work.
 */
export function investigationTeamProblem(memberIds: readonly string[], facts: TeamFacts): string | null {
  const distinct = [...new Set(memberIds)];
  if (distinct.length < MIN_TEAM_SIZE) {
    return `preliminary verification and investigation are assigned to a team of at least ${MIN_TEAM_SIZE} (DOMAIN §2); named: ${distinct.join(', ') || 'nobody'}`;
  }
  for (const id of distinct) {
    if (facts.subjectIds.includes(id)) return `${id} is a subject of the case and cannot be on its team`;
    if (facts.isConflicted(id)) return `${id} is recused from this case (回避) and cannot be on its team`;
    const breach = facts.separationBreach(id);
    if (breach) return breach;
  }
  return null;
}
