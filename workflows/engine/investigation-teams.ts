import { CaseFailure, type DecisionInput } from '@shuangcha/contracts';
import {
  investigationTeamProblem,
  isTeamStage,
  VIOLATION_STAGES,
  type TeamFacts,
  type TeamStage,
  type WorkStage,
} from '@shuangcha/domain/case';
import { uniq } from './routes';
import type { DecisionEffects, TaskBoard } from './task-board';
import { reject } from './task-plumbing';

/**
 * The teams (核查组, 审查调查组) of preliminary verification and investigation, at least two people each
 * (DOMAIN §2). A team is named with the proposal that opens its stage (`teamIds` on PRELIM_VERIFY or FILED) and
 * is checked again whenever a proposal leads back into the stage.
 */
export class InvestigationTeams {
  private readonly teams: Partial<Record<TeamStage, string[]>> = {};

  constructor(
    private readonly board: TaskBoard,
    private readonly facts: () => TeamFacts,
    /** Who works a stage whose run began before teams were named: the case officer alone. */
    private readonly caseOfficerId: () => string,
  ) {}

  membersOf(stage: TeamStage): string[] {
    return this.teams[stage] ?? [this.caseOfficerId()];
  }

  view(): Partial<Record<TeamStage, string[]>> {
    return Object.fromEntries(Object.entries(this.teams).map(([stage, ids]) => [stage, [...ids]]));
  }

  /** Refuses a proposal that opens a team stage without a team of two eligible people, or names one elsewhere. */
  validate(decision: DecisionInput): void {
    const next = this.stageOpenedBy(decision);
    if (next === null) {
      if (decision.teamIds)
        reject(
          CaseFailure.InvalidDecision,
          'a team is named only with a proposal that opens preliminary verification or investigation',
        );
      return;
    }
    const team = decision.teamIds ?? this.teams[next];
    if (!team) {
      reject(
        CaseFailure.InvestigationTeamInvalid,
        `${next} is carried out by a team of at least two (DOMAIN §2): name it with this proposal (teamIds)`,
      );
    }
    const problem = investigationTeamProblem(team, this.facts());
    if (problem) reject(CaseFailure.InvestigationTeamInvalid, problem);
  }

  /** The named team takes the stage when the proposal's decision is stored. */
  effects(decision: DecisionInput): DecisionEffects {
    const next = this.stageOpenedBy(decision);
    const named = decision.teamIds;
    if (next === null || !named) return {};
    return { apply: () => (this.teams[next] = uniq(named)) };
  }

  private stageOpenedBy(decision: DecisionInput): TeamStage | null {
    const task = this.board.tasks.get(decision.taskId);
    if (!task || task.kind !== 'decision' || !(task.stage in VIOLATION_STAGES)) return null;
    const next = VIOLATION_STAGES[task.stage as WorkStage].next[decision.outcome];
    return next !== undefined && isTeamStage(next) ? next : null;
  }
}
