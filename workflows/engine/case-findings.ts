import { getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import {
  CaseFailure,
  findingsChanged,
  sendFindings,
  type CaseState,
  type FindingsInput,
  type FindingsSent,
  type Participants,
} from '@shuangcha/contracts';
import type { AuditTrail } from './audit-trail';
import { recordThenApply } from './record-first';
import { reject, rejectUnsafeText } from './task-plumbing';

export interface CaseFindingsContext {
  state: CaseState;
  trail: AuditTrail;
  participants: () => Participants;
  /** The findings as they now stand; a trace-back opened later starts from them. */
  changed: (findings: FindingsInput) => void;
}

/**
 * Findings of the violation investigation feed a trace-back that has not started yet, and a running one
 * re-checks its candidates. The signal comes from inside; the Update from staff over HTTP, and only the case
 * officer or case management of this case may send it, never a subject or a recused person (DOMAIN §3, §5).
 */
export function registerCaseFindings(ctx: CaseFindingsContext): void {
  const { state } = ctx;
  const apply = async (changed: FindingsInput): Promise<FindingsSent> => {
    await recordThenApply(
      () =>
        ctx.trail.append('FINDINGS_CHANGED', changed.actorId, {
          subjectIds: changed.subjectIds,
          domains: changed.domains,
        }),
      () => ctx.changed(changed),
    );
    const traceBack = state.children.find((c) => c.role === 'traceBack' && c.status === 'RUNNING');
    if (!traceBack) return { traceBack: 'NOT_STARTED' };
    await getExternalWorkflowHandle(traceBack.workflowId)
      .signal(findingsChanged, changed)
      .catch(() => undefined);
    return { traceBack: 'FORWARDED' };
  };
  setHandler(findingsChanged, async (changed) => {
    await apply(changed);
  });
  setHandler(sendFindings, apply, {
    validator: (changed) => {
      rejectUnsafeText(changed);
      if (state.status !== 'OPEN') reject(CaseFailure.WrongStage, 'the case is closed');
      if (state.conflicts.some((c) => c.personId === changed.actorId))
        reject(CaseFailure.RecusedApprover, `${changed.actorId} is recused from this case`);
      const { caseOfficerId, caseManagementOfficerId } = ctx.participants();
      if (changed.actorId !== caseOfficerId && changed.actorId !== caseManagementOfficerId)
        reject(CaseFailure.RoleNotAllowed, 'findings are sent by the case officer or case management of the case');
    },
  });
}
