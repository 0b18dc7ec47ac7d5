import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { getCaseState, getRectificationList, type CaseState, type RectificationListView } from '@shuangcha/contracts';
import { ProblemCode, rectificationListIdSchema } from '@shuangcha/contracts/http';
import { RectificationQueries, type RectificationListSummary } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { CaseOperationError, onCase, ProblemException } from '../problem/problem.exception';
import {
  abilityFor,
  canOn,
  canOnList,
  caseView,
  type Action,
  type CaseResource,
  type RectificationListResource,
} from './case-policy';

/** What access checks and the list endpoint need of a problem list, live or from the read model. */
export interface ListSnapshot {
  listId: string;
  listNo: string;
  source: RectificationListView['source'];
  sourceCaseId: string | null;
  supervisingBodyId: string;
  status: 'OPEN' | 'COMPLETED';
  openedAt: string;
  completedAt: string | null;
  completion: RectificationListView['completion'];
  items: RectificationListView['items'] | RectificationListSummary['items'];
}

export function listResourceOf(list: ListSnapshot, extraParticipants: string[] = []): RectificationListResource {
  const uniq = (ids: string[]) => [...new Set(ids)];
  return {
    listId: list.listId,
    jurisdictionIds: uniq([list.supervisingBodyId, ...list.items.map((i) => i.responsibleUnitId)]),
    participantIds: uniq([...list.items.map((i) => i.responsiblePersonId), ...extraParticipants]),
  };
}

/** Conflict grounds that make a person a target of the case rather than a recused colleague. */
const TARGET_GROUNDS = new Set(['SUBJECT', 'CANDIDATE']);

export function resourceOf(state: CaseState): CaseResource {
  return {
    caseId: state.caseId,
    jurisdictionId: state.jurisdictionId,
    participantIds: state.participantIds,
    // Subject ids are not in the read model (only the workflow knows them), so need-to-know reads them live.
    targetIds: state.conflicts.filter((c) => TARGET_GROUNDS.has(c.ground)).map((c) => c.personId),
  };
}

/** Need-to-know checks on one case, against its live state. Refusals read as "not found" and are audited. */
@Injectable()
export class CaseAccessService {
  private readonly rectification: RectificationQueries;

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) dataSource: DataSource,
  ) {
    this.rectification = new RectificationQueries(dataSource);
  }

  liveState(caseId: string): Promise<CaseState> {
    return onCase(caseId, () => this.client.workflow.getHandle(caseId).query(getCaseState));
  }

  async view(principal: Principal, caseId: string): Promise<{ state: CaseState; view: 'full' | 'metadata' }> {
    const state = await this.liveState(caseId);
    const view = caseView(abilityFor(principal), resourceOf(state));
    if (!view) throw notVisible(ProblemCode.CaseNotFound, `no case ${caseId}`, caseId);
    return { state, view };
  }

  async require(
    principal: Principal,
    action: Action,
    caseId: string,
    notFound: ProblemCode.CaseNotFound | ProblemCode.TaskNotFound,
    what: string,
  ): Promise<CaseState> {
    const state = await this.liveState(caseId);
    if (!canOn(abilityFor(principal), action, resourceOf(state))) throw notVisible(notFound, `no ${what}`, caseId);
    return state;
  }

  /**
   * A task lives on a case or, for 整改, on a problem list (its `case_id` is the list id, with no `cases`
   * row). The task's assignee counts as a participant of the list: verifiers and approvers are not on it.
   */
  async requireTask(
    principal: Principal,
    action: Action,
    task: { taskId: string; caseId: string; assigneeId: string },
  ): Promise<void> {
    if (!rectificationListIdSchema.safeParse(task.caseId).success) {
      await this.require(principal, action, task.caseId, ProblemCode.TaskNotFound, `task ${task.taskId}`);
      return;
    }
    const list = await this.listSnapshot(task.caseId);
    const allowed = list && canOnList(abilityFor(principal), action, listResourceOf(list, [task.assigneeId]));
    if (!allowed) throw notVisible(ProblemCode.TaskNotFound, `no task ${task.taskId}`, task.caseId);
  }

  /** The list if the principal may take `action` on it; unknown and not visible are the same 404. */
  async requireList(principal: Principal, action: Action, listId: string): Promise<ListSnapshot> {
    const list = await this.listSnapshot(listId);
    if (!list || !canOnList(abilityFor(principal), action, listResourceOf(list))) {
      throw notVisible(ProblemCode.RectificationListNotFound, `no problem list ${listId}`, listId);
    }
    return list;
  }

  /**
   * Live from the list workflow (its summaries know every item from the start), else the read model once
   * the workflow is gone (retention). Null when neither knows the list.
   */
  async listSnapshot(listId: string): Promise<ListSnapshot | null> {
    try {
      return await this.client.workflow.getHandle(listId).query(getRectificationList);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw new CaseOperationError(listId, error);
      return this.rectification.listSummary(listId);
    }
  }
}

function notVisible(code: ProblemCode, detail: string, caseId: string): ProblemException {
  return new ProblemException(code, detail, { caseId, denied: true });
}
