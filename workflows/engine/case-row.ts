import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  CaseOverdueKey,
  CaseStageKey,
  DeadlineAtKey,
  EscalationLevelKey,
  excludedPersons,
  type CaseState,
} from '@shuangcha/contracts';
import { persist } from './activities';
import { iso } from './task-plumbing';
import type { VirtualClock } from './virtual-clock';

/**
 * The case row of the read model and the supervisors' search attributes, of which the case workflow is the
 * only writer; `projectionVersion` lets the upsert skip a stale write.
 */
export async function projectCaseRow(
  state: CaseState,
  clock: VirtualClock,
  projectionVersion: number,
  traceBackIntervals: { from: string; to: string }[] | null,
): Promise<void> {
  await persist.projectCase({
    caseId: state.caseId,
    caseNo: state.caseNo,
    kind: state.kind,
    unitId: state.unitId,
    jurisdictionId: state.jurisdictionId,
    stage: state.stage,
    status: state.status,
    policyVersion: state.policyVersion,
    openedBy: state.openedBy,
    openedAt: state.openedAt,
    deadlineAt: state.deadlineAt,
    overdue: state.overdue,
    escalationLevel: state.escalationLevel,
    lastActivityAt: iso(clock.now()),
    closedAt: state.closedAt,
    participantIds: state.participantIds,
    ...excludedPersons(state.conflicts),
    traceBackIntervals,
    projectionVersion,
  });
  upsertSearchAttributes([
    { key: CaseStageKey, value: state.stage },
    { key: CaseOverdueKey, value: state.overdue },
    { key: EscalationLevelKey, value: state.escalationLevel },
    ...(state.deadlineAt ? [{ key: DeadlineAtKey, value: new Date(state.deadlineAt) }] : []),
  ]);
}
