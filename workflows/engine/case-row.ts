import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import {
  CaseOverdueKey,
  CaseStageKey,
  DeadlineAtKey,
  EscalationLevelKey,
  excludedPersons,
  type CaseProjection,
  type CaseState,
} from '@shuangcha/contracts';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { persist } from './activities';
import { iso } from './task-plumbing';
import type { VirtualClock } from './virtual-clock';

/**
 * Each upsert is a history event: the supervisors' search attributes are upserted only when one of their
 * values differs from the last upsert (issue 17, history under 2,000 events).
 */
const SEARCH_ATTRIBUTES_ON_CHANGE_PATCH = 'case-search-attributes-on-change';
/**
 * Each projection is an activity (three events and a workflow task): the case row is written only when its
 * content differs from the last row written (issue 17, history under 2,000 events).
 */
const CASE_ROW_ON_CHANGE_PATCH = 'case-row-on-change';

/**
 * The case row of the read model and the supervisors' search attributes, of which the case workflow is the
 * only writer; `projectionVersion` lets the upsert skip a stale write. What was last written is kept in
 * workflow state, so a replay skips the same writes.
 */
export class CaseRowProjector {
  private projectionVersion = 0;
  private lastRow: string | null = null;
  private lastSearchAttributes: string | null = null;

  constructor(
    private readonly state: CaseState,
    private readonly clock: VirtualClock,
  ) {}

  async project(traceBackIntervals: { from: string; to: string }[] | null): Promise<void> {
    const { state, clock } = this;
    const now = clock.now();
    const row: Omit<CaseProjection, 'lastActivityAt' | 'projectionVersion'> = {
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
      closedAt: state.closedAt,
      participantIds: state.participantIds,
      ...excludedPersons(state.conflicts),
      traceBackIntervals,
    };
    // The stalled list counts idle working days from lastActivityAt: a new day of activity is a change too.
    const content = JSON.stringify([row, shanghaiLocalDate(now)]);
    if (content !== this.lastRow || !patched(CASE_ROW_ON_CHANGE_PATCH)) {
      this.projectionVersion += 1;
      await persist.projectCase({ ...row, lastActivityAt: iso(now), projectionVersion: this.projectionVersion });
      this.lastRow = content;
    }
    const attributes = [
      { key: CaseStageKey, value: state.stage },
      { key: CaseOverdueKey, value: state.overdue },
      { key: EscalationLevelKey, value: state.escalationLevel },
      ...(state.deadlineAt ? [{ key: DeadlineAtKey, value: new Date(state.deadlineAt) }] : []),
    ];
    const upserted = JSON.stringify(attributes);
    if (upserted === this.lastSearchAttributes && patched(SEARCH_ATTRIBUTES_ON_CHANGE_PATCH)) return;
    upsertSearchAttributes(attributes);
    this.lastSearchAttributes = upserted;
  }
}
