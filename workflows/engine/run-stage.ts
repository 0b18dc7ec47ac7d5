import { patched } from '@temporalio/workflow';
import type { TimelineEntry } from '@shuangcha/contracts';
import { APPROVAL_OUTCOMES, RETURN_OUTCOME, type ParticipantRole, type StageDefinition } from '@shuangcha/domain/case';
import type { DeadlineClock } from '@shuangcha/domain/deadline';
import type { participantRoutes } from './routes';
import type { TaskBoard } from './task-board';

type Routes = ReturnType<typeof participantRoutes>;

/** A proposal returned for revision keeps the stage's clock instead of starting the limit again. */
export const STAGE_CLOCK_RUNS_ONCE_PATCH = 'stage-clock-runs-once';
/**
 * Approvals run on the stage's own clock: DOMAIN §2 gives no stage's approval a limit of its own, so the
 * stage's limit covers proposal and approvals alike (issue 12 §4); stall_approval stays a stall threshold.
 */
export const APPROVALS_WITHIN_STAGE_LIMIT_PATCH = 'approvals-within-stage-limit';
/** A stage's time limit counts from the date of record of the step before it (issue 12 §4a). */
export const DATES_OF_RECORD_PATCH = 'stage-counts-from-date-of-record';
type Record = (entry: Omit<TimelineEntry, 'at'>) => void;

/** A collective stage's vote: one task for the whole body (集体研究), its dissent on the timeline. */
async function collectiveVote(
  board: TaskBoard,
  routes: Routes,
  def: StageDefinition,
  record: Record,
  clock: { countsFromOn?: string | null; deadline?: DeadlineClock },
): Promise<{ outcome: string; actorId: string; comment: string; deadline: DeadlineClock }> {
  const task = await board.open({
    ...clock,
    stage: def.stage,
    kind: 'collectiveDecision',
    title: def.title,
    route: routes.routeFor(def.proposer),
    candidateRole: def.proposer,
    allowedOutcomes: def.outcomes,
    limitKey: def.limitKey,
    voterIds: routes.votersFor(def.proposer),
  });
  const result = await board.awaitOutcome(task);
  record({
    stage: def.stage,
    action: 'COLLECTIVE_DECISION',
    actorId: null,
    outcome: result.outcome,
    ...(result.decidedOn && { decidedOn: result.decidedOn }),
    dissent: result.dissent.map((d) => ({ ...d })),
  });
  return { outcome: result.outcome, actorId: result.actorId, comment: result.comment, deadline: task.deadline };
}

/**
 * Runs one stage: a proposal, then each approval level in order. RETURN at approval level n reopens
 * level n−1 (the proposer at level 1), so a multi-level approval can bounce back step by step.
 * A collective stage proposes by one vote of the whole body instead; a RETURN of its approval (the party
 * committee's, for its own cadres) puts the matter to the body again.
 */
export async function runStage(
  board: TaskBoard,
  routes: Routes,
  def: StageDefinition,
  approvers: readonly ParticipantRole[],
  record: Record,
): Promise<{ outcome: string; actorId: string; comment: string }> {
  const countsFrom = () => (patched(DATES_OF_RECORD_PATCH) ? { countsFromOn: board.stepOn } : {});
  if (def.collective && approvers.length === 0) {
    const { deadline: _clock, ...vote } = await collectiveVote(board, routes, def, record, countsFrom());
    return vote;
  }
  let level = 0;
  let proposal: { outcome: string; proposedBy: string; comment: string } = { outcome: '', proposedBy: '', comment: '' };
  // The stage's time limit runs once: a proposal returned for revision is reworked on the clock it had
  // (extensions and suspensions included), not on a fresh one (issue 12 §4).
  const oneStageClock = patched(STAGE_CLOCK_RUNS_ONCE_PATCH);
  let stageClock: DeadlineClock | undefined;
  while (level <= approvers.length) {
    if (level === 0 && def.collective) {
      const vote = await collectiveVote(board, routes, def, record, {
        ...countsFrom(),
        deadline: oneStageClock ? stageClock : undefined,
      });
      stageClock = vote.deadline;
      proposal = { outcome: vote.outcome, proposedBy: vote.actorId, comment: vote.comment };
      level = 1;
      continue;
    }
    if (level === 0) {
      const task = await board.open({
        stage: def.stage,
        kind: 'decision',
        title: def.title,
        // A level of the proposer's own role is a co-review: only in routes that have one (the trial review).
        route: approvers.includes(def.proposer)
          ? routes.proposersBeforeCoReview(def.proposer)
          : routes.routeFor(def.proposer),
        candidateRole: def.proposer,
        allowedOutcomes: def.outcomes,
        limitKey: def.limitKey,
        deadline: oneStageClock ? stageClock : undefined,
        ...countsFrom(),
      });
      const result = await board.awaitOutcome(task);
      stageClock = task.deadline;
      proposal = { outcome: result.outcome, proposedBy: result.actorId, comment: result.comment };
      record({
        stage: def.stage,
        action: 'PROPOSED',
        actorId: result.actorId,
        outcome: result.outcome,
        comment: result.comment,
        ...(result.decidedOn && { decidedOn: result.decidedOn }),
      });
      level = 1;
      continue;
    }
    const role = approvers[level - 1];
    const onStageClock = stageClock !== undefined && patched(APPROVALS_WITHIN_STAGE_LIMIT_PATCH);
    const task = await board.open({
      stage: def.stage,
      kind: 'approval',
      title: `Approve: ${def.title} → ${proposal.outcome}`,
      route: routes.routeOfTask({ kind: 'approval', candidateRole: role, proposal }),
      candidateRole: role,
      allowedOutcomes: APPROVAL_OUTCOMES,
      ...(onStageClock ? { limitKey: def.limitKey, deadline: stageClock } : { limitKey: 'approval', ...countsFrom() }),
      proposal,
    });
    const result = await board.awaitOutcome(task);
    if (onStageClock) stageClock = task.deadline;
    const returned = result.outcome === RETURN_OUTCOME;
    record({
      stage: def.stage,
      action: returned ? 'RETURNED' : 'APPROVED',
      actorId: result.actorId,
      outcome: proposal.outcome,
      comment: returned ? (result.reason ?? '') : result.comment,
      ...(result.decidedOn && { decidedOn: result.decidedOn }),
    });
    level = returned ? level - 1 : level + 1;
  }
  return { outcome: proposal.outcome, actorId: proposal.proposedBy, comment: proposal.comment };
}
