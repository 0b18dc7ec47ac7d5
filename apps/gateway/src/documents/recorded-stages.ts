import { APPROVE_OUTCOME, RETURN_OUTCOME, VIOLATION_STAGES } from '@shuangcha/domain/case';
import type { RecordedDecisionRow } from '@shuangcha/persistence';
import type { RecordedStage } from './document-content';

const APPROVAL_OUTCOMES = new Set([APPROVE_OUTCOME, RETURN_OUTCOME]);
const COLLECTIVE = new Set(
  Object.values(VIOLATION_STAGES)
    .filter((def) => def.collective)
    .map((def) => def.stage as string),
);

/**
 * Each stage as it was last decided, from its recorded decisions in order: the latest proposal's outcome,
 * reasoning and basis with those who approved it afterwards; for a collective decision (votes, each recorded
 * per voter) the outcome most voted for, with its voters as approvers.
 */
export function recordedStages(
  rows: readonly RecordedDecisionRow[],
  nameOf: (personId: string) => string,
): Partial<Record<string, RecordedStage>> {
  const stages: Partial<Record<string, RecordedStage>> = {};
  const byStage = new Map<string, RecordedDecisionRow[]>();
  for (const row of rows) byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
  for (const [stage, decisions] of byStage) {
    const proposals = decisions.filter((d) => !APPROVAL_OUTCOMES.has(d.outcome));
    if (proposals.length === 0) continue;
    const latest = proposals[proposals.length - 1];
    if (COLLECTIVE.has(stage)) {
      const tally = new Map<string, RecordedDecisionRow[]>();
      for (const vote of proposals) tally.set(vote.outcome, [...(tally.get(vote.outcome) ?? []), vote]);
      const [outcome, voters] = [...tally.entries()].sort((a, b) => b[1].length - a[1].length)[0];
      stages[stage] = {
        outcome,
        comment: voters[0].comment,
        basis: voters.flatMap((v) => v.basis),
        decidedAt: voters[voters.length - 1].decidedAt,
        approvers: voters.map((v) => nameOf(v.actorId)),
      };
      continue;
    }
    const approvals = decisions.filter((d) => d.outcome === 'APPROVE' && d.decidedAt >= latest.decidedAt);
    stages[stage] = {
      outcome: latest.outcome,
      comment: latest.comment,
      basis: latest.basis,
      decidedAt: latest.decidedAt,
      approvers: approvals.map((a) => nameOf(a.actorId)),
    };
  }
  return stages;
}
