import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  excludedPersons,
  getCaseState,
  getRectificationList,
  type CaseState,
  type RectificationListView,
} from '@shuangcha/contracts';
import { ProblemCode, rectificationListIdSchema } from '@shuangcha/contracts/http';
import { CaseEntity, RectificationQueries, type RectificationListSummary } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { isDatabaseUnavailable } from '../problem/classify-error';
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
import { caseRefusalReason, listRefusalReason, type RefusalReason } from './refusal-reason';

type CaseNotFoundCode = ProblemCode.CaseNotFound | ProblemCode.TaskNotFound | ProblemCode.AttachmentNotFound;

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
  /** Live from the list workflow only; the read model keeps no re-check. */
  recheck?: RectificationListView['recheck'];
}

export function listResourceOf(list: ListSnapshot, extraParticipants: string[] = []): RectificationListResource {
  const uniq = (ids: string[]) => [...new Set(ids)];
  return {
    listId: list.listId,
    jurisdictionIds: uniq([list.supervisingBodyId, ...list.items.map((i) => i.responsibleUnitId)]),
    participantIds: uniq([...list.items.map((i) => i.responsiblePersonId), ...extraParticipants]),
  };
}

export function resourceOf(state: CaseState): CaseResource {
  return {
    caseId: state.caseId,
    jurisdictionId: state.jurisdictionId,
    participantIds: state.participantIds,
    ...excludedPersons(state.conflicts),
  };
}

/**
 * Need-to-know checks on one case. Refusals read as "not found" and are audited. A case whose read-model
 * row already refuses the caller is answered from that row, before any workflow is asked, so a hidden case
 * looks exactly like one that does not exist, timing included (issue 16 §11). A case the row allows (or
 * one opened a moment ago, with no row yet) is checked again on its live state, which learns of a recusal
 * before the read model does.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RectificationQueries) private readonly rectification: RectificationQueries,
  ) {}

  async view(principal: Principal, caseId: string): Promise<{ state: CaseState; view: 'full' | 'metadata' }> {
    const ability = abilityFor(principal);
    const stored = await this.storedResource(caseId);
    if (stored && !caseView(ability, stored)) {
      throw notVisible(ProblemCode.CaseNotFound, `no case ${caseId}`, caseId, await this.refusalOf(principal, stored));
    }
    const state = await this.liveState(caseId);
    const view = caseView(ability, resourceOf(state));
    if (!view) throw notVisibleLive(ProblemCode.CaseNotFound, `no case ${caseId}`, caseId, principal, state);
    return { state, view };
  }

  /** `require` for a case named in the path: unknown and not visible are the same CASE_NOT_FOUND. */
  requireCase(principal: Principal, action: Action, caseId: string): Promise<CaseState> {
    return this.require(principal, action, caseId, ProblemCode.CaseNotFound, `case ${caseId}`);
  }

  async require(
    principal: Principal,
    action: Action,
    caseId: string,
    notFound: CaseNotFoundCode,
    what: string,
  ): Promise<CaseState> {
    const stored = await this.storedResource(caseId);
    if (stored) await this.refuseFromRow(principal, action, stored, notFound, what);
    return this.requireLive(principal, action, caseId, notFound, what);
  }

  /** A row that refuses the caller answers before any workflow is asked (issue 16 §11). */
  private async refuseFromRow(
    principal: Principal,
    action: Action,
    stored: CaseResource,
    notFound: CaseNotFoundCode,
    what: string,
  ): Promise<void> {
    if (!canOn(abilityFor(principal), action, stored)) {
      throw notVisible(notFound, `no ${what}`, stored.caseId, await this.refusalOf(principal, stored));
    }
  }

  /** The live state, which learns of a recusal before the read model does. */
  private async requireLive(
    principal: Principal,
    action: Action,
    caseId: string,
    notFound: CaseNotFoundCode,
    what: string,
  ): Promise<CaseState> {
    const state = await this.liveState(caseId);
    if (!canOn(abilityFor(principal), action, resourceOf(state))) {
      throw notVisibleLive(notFound, `no ${what}`, caseId, principal, state);
    }
    return state;
  }

  private liveState(caseId: string): Promise<CaseState> {
    return onCase(caseId, () => this.client.workflow.getHandle(caseId).query(getCaseState));
  }

  /**
   * Why the row refused the caller. The row says only "a target"; whether subject or candidate is in the
   * live conflicts, asked for the case's own targets only, so outsiders' refusals never reach the workflow.
   */
  private async refusalOf(principal: Principal, stored: CaseResource): Promise<RefusalReason> {
    if (!stored.targetIds.includes(principal.personId)) return caseRefusalReason(principal, stored);
    const conflicts = await this.liveState(stored.caseId).then(
      (state) => state.conflicts,
      () => [],
    );
    return caseRefusalReason(principal, stored, conflicts);
  }

  /** The case as its read-model row knows it; null when there is no row. */
  private async storedResource(caseId: string): Promise<CaseResource | null> {
    return this.dataSource.getRepository(CaseEntity).findOne({
      select: { caseId: true, jurisdictionId: true, participantIds: true, targetIds: true, recusedIds: true },
      where: { caseId },
    });
  }

  /**
   * A task lives on a case or, for 整改, on a problem list (its `case_id` is the list id, with no `cases`
   * row). The task's assignee counts as a participant of the list: verifiers and approvers are not on it.
   * Answers what the check saw of the case (its row, or its live state), or null for a list's task.
   */
  async requireTask(
    principal: Principal,
    action: Action,
    task: { taskId: string; caseId: string; assigneeId: string | null },
  ): Promise<CaseResource | CaseState | null> {
    if (!rectificationListIdSchema.safeParse(task.caseId).success) {
      // The case row carries participants, targets and the recused (issue 17: one hop in). The workflow's
      // validator still refuses a person recused a moment ago, before the row learns of it; only a case
      // with no row yet, or whose row cannot be read while the database is away (issue 15 §2), is asked live.
      const stored = await this.storedResource(task.caseId).catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error;
        return null;
      });
      const what = `task ${task.taskId}`;
      if (!stored) return this.requireLive(principal, action, task.caseId, ProblemCode.TaskNotFound, what);
      await this.refuseFromRow(principal, action, stored, ProblemCode.TaskNotFound, what);
      return stored;
    }
    const list = await this.listSnapshot(task.caseId);
    const resource = list && listResourceOf(list, task.assigneeId === null ? [] : [task.assigneeId]);
    if (!resource || !canOnList(abilityFor(principal), action, resource)) {
      throw notVisible(
        ProblemCode.TaskNotFound,
        `no task ${task.taskId}`,
        task.caseId,
        listRefusalReason(principal, resource),
      );
    }
    return null;
  }

  /** The list if the principal may take `action` on it; unknown and not visible are the same 404. */
  async requireList(principal: Principal, action: Action, listId: string): Promise<ListSnapshot> {
    const list = await this.listSnapshot(listId);
    const resource = list && listResourceOf(list);
    if (!list || !resource || !canOnList(abilityFor(principal), action, resource)) {
      throw notVisible(
        ProblemCode.RectificationListNotFound,
        `no problem list ${listId}`,
        listId,
        listRefusalReason(principal, resource),
      );
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

function notVisible(code: ProblemCode, detail: string, caseId: string, refusal: RefusalReason): ProblemException {
  return new ProblemException(code, detail, { caseId, denied: true, refusal });
}

/** A refusal read from the live state, whose conflicts tell a subject from a trace-back candidate. */
function notVisibleLive(
  code: ProblemCode,
  detail: string,
  caseId: string,
  principal: Principal,
  state: CaseState,
): ProblemException {
  return notVisible(code, detail, caseId, caseRefusalReason(principal, resourceOf(state), state.conflicts));
}
