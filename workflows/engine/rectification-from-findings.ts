import {
  ParentClosePolicy,
  setHandler,
  startChild,
  TemporalFailure,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  CaseFailure,
  parseRectificationFindings,
  recordRectificationFindings,
  rectificationListFromFindings,
  rectificationListWorkflowId,
  type Participants,
  type RectificationFindingsInput,
  type RectificationItemSpec,
  type RectificationParticipants,
  type RectificationSource,
} from '@shuangcha/contracts';
import { findingsListNo } from '@shuangcha/domain/rectification';
import { rectificationList } from '../rectification-list.workflow';
import { uniq } from './routes';
import { reject, rejectUnsafeText } from './task-plumbing';
import type { VirtualClock } from './virtual-clock';

/** Closing a case opens its problem list from the findings staff recorded (issue 12 §6). */
export const CASE_FINDINGS_LIST_PATCH = 'rectification-from-findings-case';
/** A final responsibility review with a decision opens its problem list from its findings (issue 12 §6). */
export const REVIEW_FINDINGS_LIST_PATCH = 'rectification-from-findings-review';

/**
 * The case's commission verifies the items (DOMAIN §6: the discipline body, never the responsible person):
 * the case officer, then the leaders, none of them recused.
 */
export function findingsListParticipants(
  p: Participants,
  isConflicted: (personId: string) => boolean,
): RectificationParticipants {
  return {
    verifierIds: uniq([p.caseOfficerId, p.leaderInChargeId, ...p.deputyLeaderIds, p.principalLeaderId])
      .filter((id) => !isConflicted(id))
      .slice(0, 10),
    caseManagementOfficerId: p.caseManagementOfficerId,
    leaderInChargeId: p.leaderInChargeId,
    higherCommissionCaseManagementId: p.higherCommissionCaseManagementId,
    superiorOf: p.superiorOf,
  };
}

interface FindingsContext {
  /** The case or review whose findings these are; the list number derives from it. */
  sourceWorkflowId: string;
  caseId: string;
  caseNo: string;
  policyVersion: string;
  supervisingBodyId: string;
  source: Extract<RectificationSource, 'CASE_FINDINGS' | 'ACCOUNTABILITY_DECISION'>;
  clock: Pick<VirtualClock, 'now'>;
  participants: () => Participants;
  isConflicted: (personId: string) => boolean;
  audit: (action: string, actorId: string | null, after: Record<string, unknown>) => Promise<void>;
}

/**
 * 整改问题 of one case or review: staff record them while it runs, and when it ends they become one problem
 * list, started as a child with the id the source determines. The list outlives its source (ABANDON);
 * a second start of the same id is refused by the server and read as the list already opened, so a replay
 * or a second close never opens two.
 */
export class RectificationFindings {
  items: RectificationItemSpec[] = [];
  recordedBy: string | null = null;
  listId: string | null = null;

  constructor(private readonly ctx: FindingsContext) {}

  /** The `recordRectificationFindings` Update: the case officer or the case-management officer, while `open()`. */
  registerUpdate(open: () => boolean): this {
    const recorders = () => [this.ctx.participants().caseOfficerId, this.ctx.participants().caseManagementOfficerId];
    setHandler(recordRectificationFindings, (f) => this.record(f, this.validate(f, open(), recorders())), {
      validator: (f) => void this.validate(f, open(), recorders()),
    });
    return this;
  }

  /** Synchronous checks of a findings record; throws the Update's rejection. */
  validate(input: RectificationFindingsInput, open: boolean, recorders: readonly string[]): RectificationItemSpec[] {
    rejectUnsafeText(input);
    if (!open) reject(CaseFailure.WrongStage, 'findings are recorded before the case or review ends');
    if (!recorders.includes(input.actorId))
      reject(CaseFailure.RoleNotAllowed, 'findings are recorded by the case officer or the case-management office');
    if (this.ctx.isConflicted(input.actorId)) reject(CaseFailure.RecusedApprover, `${input.actorId} is recused`);
    const verifiers = findingsListParticipants(this.ctx.participants(), this.ctx.isConflicted).verifierIds;
    const parsed = parseRectificationFindings(input.items, verifiers, this.ctx.clock.now());
    if (!parsed.ok) reject(CaseFailure.InvalidDecision, parsed.problems.join('; '));
    return parsed.items;
  }

  /** Stores the findings (replacing earlier ones) once their audit entry is stored. */
  async record(input: RectificationFindingsInput, items: RectificationItemSpec[]): Promise<{ items: number }> {
    await this.ctx.audit('RECTIFICATION_FINDINGS_RECORDED', input.actorId, {
      items: items.map((i) => ({ itemKey: i.itemKey, responsiblePersonId: i.responsiblePersonId, dueAt: i.dueAt })),
    });
    this.items = items;
    this.recordedBy = input.actorId;
    return { items: items.length };
  }

  /** Opens the problem list when there are findings; nothing otherwise. */
  async openList(): Promise<void> {
    if (this.items.length === 0 || this.listId !== null) return;
    const listNo = findingsListNo(this.ctx.caseNo, this.ctx.sourceWorkflowId);
    const listId = rectificationListWorkflowId(listNo);
    let alreadyOpen = false;
    try {
      await startChild(rectificationList, {
        workflowId: listId,
        // The list runs for months after its case closed (DOMAIN §6) and continues as new.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [
          rectificationListFromFindings({
            caseId: this.ctx.caseId,
            listNo,
            source: this.ctx.source,
            supervisingBodyId: this.ctx.supervisingBodyId,
            policyVersion: this.ctx.policyVersion,
            participants: findingsListParticipants(this.ctx.participants(), this.ctx.isConflicted),
            approvedBy: this.recordedBy ?? this.ctx.participants().caseOfficerId,
            items: this.items,
          }),
        ],
      });
    } catch (error) {
      // The SDK's WorkflowExecutionAlreadyStartedError, which the workflow package does not export by name.
      if (!(error instanceof TemporalFailure && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
      alreadyOpen = true;
    }
    await this.ctx.audit('RECTIFICATION_LIST_FROM_FINDINGS', null, {
      listId,
      source: this.ctx.source,
      items: this.items.map((i) => i.itemKey),
      alreadyOpen,
    });
    this.listId = listId;
  }

  view(): { findings: number; listId: string | null } {
    return { findings: this.items.length, listId: this.listId };
  }
}

/**
 * The commission of a case from its id (`case-<jurisdictionId>-<caseNo>`); cases numbered before numbers
 * were per jurisdiction (`case-<caseNo>`) name none.
 */
export function jurisdictionOfCaseId(caseId: string, caseNo: string): string | null {
  const suffix = `-${caseNo}`;
  if (!caseId.startsWith('case-') || !caseId.endsWith(suffix)) return null;
  const jurisdiction = caseId.slice('case-'.length, caseId.length - suffix.length);
  return jurisdiction.length >= 2 ? jurisdiction : null;
}
