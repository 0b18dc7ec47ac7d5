import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { clockOf, policyByVersion } from '@shuangcha/domain/policy';
import { caseLinksOf, CaseListQueries, registrationsOf, type CaseListRow } from '@shuangcha/persistence';
import {
  decideDualInvestigation,
  declareConflict,
  getInvestigationState,
  recordRectificationFindings,
  registerAppeal,
  type CaseState,
  type InvestigationState,
} from '@shuangcha/contracts';
import {
  ProblemCode,
  type CaseDetail,
  type CaseList,
  type CaseListQuery,
  type AppealBody,
  type CaseSummary,
  type ClockKind,
  type ConflictBody,
  type DualInvestigationBody,
  type RectificationFindingsBody,
} from '@shuangcha/contracts/http';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import { caseFullAccessCondition, caseListScope } from '../policy/case-policy';
import { ProblemException } from '../problem/problem.exception';
import { openTaskView } from './open-task-view';
import { decodeCursor, encodeCursor } from './cursor';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A case keeps its policy version for life, and versions are never removed while a case runs under them. */
const clockOfVersion = (version: string): ClockKind => clockOf(policyByVersion(version));

function summaryOfRow(row: CaseListRow): CaseSummary {
  return {
    caseId: row.case_id,
    caseNo: row.case_no,
    documentNo: row.document_no,
    kind: row.kind,
    unitId: row.unit_id,
    jurisdictionId: row.jurisdiction_id,
    stage: row.stage,
    status: row.status,
    policyVersion: row.policy_version,
    openedAt: row.opened_at.toISOString(),
    deadlineAt: iso(row.deadline_at),
    overdue: row.overdue,
    escalationLevel: row.escalation_level,
    lastActivityAt: row.last_activity_at.toISOString(),
    closedAt: iso(row.closed_at),
    clock: clockOfVersion(row.policy_version),
  };
}

function summaryOfState(state: CaseState, documentNo: string | null): CaseSummary {
  const last = state.timeline.reduce((latest, entry) => (entry.at > latest ? entry.at : latest), state.openedAt);
  return {
    caseId: state.caseId,
    caseNo: state.caseNo,
    documentNo,
    kind: state.kind,
    unitId: state.unitId,
    jurisdictionId: state.jurisdictionId,
    stage: state.stage,
    status: state.status,
    policyVersion: state.policyVersion,
    openedAt: state.openedAt,
    deadlineAt: state.deadlineAt,
    overdue: state.overdue,
    escalationLevel: state.escalationLevel,
    lastActivityAt: state.closedAt ?? last,
    closedAt: state.closedAt,
    clock: clockOfVersion(state.policyVersion),
  };
}

@Injectable()
export class CasesService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseListQueries) private readonly caseList: CaseListQueries,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly peopleMap: PeopleMapService,
  ) {}

  /**
   * The read model, newest case first, narrowed by need-to-know in SQL (same rules as the policy). A subject
   * name matches only cases the caller sees in full: who a case is about is not metadata (DOMAIN §8).
   */
  async list(principal: Principal, query: CaseListQuery): Promise<CaseList> {
    const rows = await this.caseList.list({
      scope: caseListScope(principal),
      fullAccess: (bind) => caseFullAccessCondition(principal, bind),
      stage: query.stage,
      status: query.status,
      unit: query.unit,
      caseNo: query.caseNo,
      documentNo: query.documentNo,
      openedFrom: query.openedFrom,
      openedTo: query.openedTo,
      subjectName: query.subjectName,
      afterCaseId: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return {
      items: page.map(summaryOfRow),
      ...(more ? { nextCursor: encodeCursor(page[page.length - 1].case_id) } : {}),
    };
  }

  /** Live state from the workflows: the parent's query plus each child's. Supervisors get metadata only. */
  async detail(principal: Principal, caseId: string): Promise<CaseDetail> {
    const { state, view } = await this.access.view(principal, caseId);
    const children = await Promise.all(
      state.children.map(async (child) => ({
        child,
        investigation: await this.client.workflow
          .getHandle(child.workflowId)
          .query(getInvestigationState)
          .catch((): InvestigationState | null => null),
      })),
    );
    const childViews = children.map(({ child, investigation }) => ({
      role: child.role,
      workflowId: child.workflowId,
      status: child.status,
      stage: investigation?.stage ?? null,
      deadlineAt: investigation?.deadlineAt ?? null,
      overdue: investigation?.overdue ?? false,
    }));
    const [registration] = await registrationsOf(this.dataSource.manager, [caseId]);
    const summary = summaryOfState(state, registration?.documentNo ?? null);
    const dual = state.dualInvestigation;
    const dualInvestigation = {
      suggested: dual.suggested,
      reasons: dual.reasons,
      decision: dual.decision,
      reason: dual.reason,
      opening: dual.opening ? { status: dual.opening.status, refusal: dual.opening.refusal } : null,
      linkedCase: dual.linkedCase ?? null,
    };
    const leadReceivedOn = state.leadReceivedOn ?? null;
    const rectification = state.rectification && { ...state.rectification };
    if (view === 'metadata')
      return { view, case: summary, leadReceivedOn, children: childViews, dualInvestigation, rectification };
    const openTasks = children.flatMap(({ investigation }) =>
      (investigation?.tasks ?? [])
        .filter((t) => t.status === 'OPEN')
        .map((t) => ({ ...openTaskView(t), dueProvisional: t.dueProvisional, suspended: t.suspended })),
    );
    const links = await caseLinksOf(this.dataSource.manager, caseId);
    return this.peopleMap.withPeople({
      view,
      case: summary,
      leadReceivedOn,
      children: childViews,
      openTasks,
      timeline: [...state.timeline].sort((a, b) => a.at.localeCompare(b.at)),
      dualInvestigation,
      rectification,
      linkedCases: links.map((l) => ({
        caseId: l.linkedCaseId,
        caseNo: l.linkedCaseNo,
        relation: l.relation,
        personId: l.personId,
        linkedAt: l.linkedAt.toISOString(),
      })),
    });
  }

  /** 整改问题: the case workflow checks the rows as a list import would and who records them. */
  async recordRectificationFindings(
    principal: Principal,
    key: string,
    caseId: string,
    body: RectificationFindingsBody,
  ) {
    await this.access.requireCase(principal, 'act', caseId);
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/rectification-findings',
      at: { caseId },
      workflowId: caseId,
      update: recordRectificationFindings,
      body,
    });
  }

  async declareConflict(principal: Principal, key: string, caseId: string, body: ConflictBody) {
    await this.access.requireCase(principal, 'act', caseId);
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/conflicts',
      at: { caseId },
      workflowId: caseId,
      update: declareConflict,
      body,
    });
  }

  async decideDualInvestigation(principal: Principal, key: string, caseId: string, body: DualInvestigationBody) {
    await this.access.requireCase(principal, 'act', caseId);
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/dual-investigation',
      at: { caseId },
      workflowId: caseId,
      update: decideDualInvestigation,
      body,
    });
  }

  /** Appeals belong to the violation investigation (申诉 after the sanction), so the update goes to that child. */
  async registerAppeal(principal: Principal, key: string, caseId: string, body: AppealBody) {
    const state = await this.access.requireCase(principal, 'act', caseId);
    const violation = state.children.find((c) => c.role === 'violation');
    if (!violation) {
      throw new ProblemException(ProblemCode.WrongStage, `case ${caseId} has no violation investigation to appeal`, {
        caseId,
      });
    }
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/appeals',
      at: { caseId },
      workflowId: violation.workflowId,
      update: registerAppeal,
      body,
    });
  }
}
