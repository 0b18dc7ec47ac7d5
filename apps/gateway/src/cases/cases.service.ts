import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { clockOf, policyByVersion } from '@shuangcha/domain/policy';
import { registrationsOf } from '@shuangcha/persistence';
import {
  decideDualInvestigation,
  declareConflict,
  getInvestigationState,
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
} from '@shuangcha/contracts/http';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import { caseFullAccessCondition, caseListScope } from '../policy/case-policy';
import { ProblemException } from '../problem/problem.exception';
import { openTaskView } from './open-task-view';
import { decodeCursor, encodeCursor } from './cursor';

interface CaseRow {
  case_id: string;
  case_no: string;
  document_no: string | null;
  kind: CaseSummary['kind'];
  unit_id: string;
  jurisdiction_id: string;
  stage: string;
  status: CaseSummary['status'];
  policy_version: string;
  opened_at: Date;
  deadline_at: Date | null;
  overdue: boolean;
  escalation_level: number;
  last_activity_at: Date;
  closed_at: Date | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A case keeps its policy version for life, and versions are never removed while a case runs under them. */
const clockOfVersion = (version: string): ClockKind => clockOf(policyByVersion(version));

function summaryOfRow(row: CaseRow): CaseSummary {
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
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly peopleMap: PeopleMapService,
  ) {}

  /**
   * The read model, newest case first, narrowed by need-to-know in SQL (same rules as the policy). A subject
   * name matches only cases the caller sees in full: who a case is about is not metadata (DOMAIN §8).
   */
  async list(principal: Principal, query: CaseListQuery): Promise<CaseList> {
    const scope = caseListScope(principal);
    const params: unknown[] = [...scope.params];
    const where = [scope.sql];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.stage) where.push(`c.stage = ${bind(query.stage)}`);
    if (query.status) where.push(`c.status = ${bind(query.status)}`);
    if (query.unit) where.push(`c.unit_id = ${bind(query.unit)}`);
    if (query.caseNo) where.push(`c.case_no = ${bind(query.caseNo)}`);
    if (query.documentNo) where.push(`r.document_no = ${bind(query.documentNo)}`);
    // Days are Asia/Shanghai days, like every date the commission writes.
    if (query.openedFrom)
      where.push(`c.opened_at >= (${bind(query.openedFrom)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
    if (query.openedTo)
      where.push(`c.opened_at < (${bind(query.openedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
    if (query.subjectName) {
      const pattern = `%${query.subjectName.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(
        `c.target_ids && ARRAY(SELECT p.id FROM persons p WHERE p.display_name ILIKE ${bind(pattern)})`,
        caseFullAccessCondition(principal, bind),
      );
    }
    if (query.cursor) where.push(`c.case_id < ${bind(decodeCursor(query.cursor))}`);
    const rows: CaseRow[] = await this.dataSource.query(
      `SELECT c.case_id, c.case_no, r.document_no, c.kind, c.unit_id, c.jurisdiction_id, c.stage, c.status,
              c.policy_version, c.opened_at, c.deadline_at, c.overdue, c.escalation_level, c.last_activity_at,
              c.closed_at
         FROM cases c LEFT JOIN case_registrations r ON r.case_id = c.case_id
        WHERE ${where.join(' AND ')} ORDER BY c.case_id DESC LIMIT ${bind(query.limit + 1)}`,
      params,
    );
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
    if (view === 'metadata') return { view, case: summary, leadReceivedOn, children: childViews, dualInvestigation };
    const openTasks = children.flatMap(({ investigation }) =>
      (investigation?.tasks ?? [])
        .filter((t) => t.status === 'OPEN')
        .map((t) => ({ ...openTaskView(t), dueProvisional: t.dueProvisional, suspended: t.suspended })),
    );
    return this.peopleMap.withPeople({
      view,
      case: summary,
      leadReceivedOn,
      children: childViews,
      openTasks,
      timeline: [...state.timeline].sort((a, b) => a.at.localeCompare(b.at)),
      dualInvestigation,
    });
  }

  async declareConflict(principal: Principal, key: string, caseId: string, body: ConflictBody) {
    await this.access.require(principal, 'act', caseId, ProblemCode.CaseNotFound, `case ${caseId}`);
    return this.idempotency.update({
      principalId: principal.personId,
      key,
      route: 'POST /cases/:id/conflicts',
      body: { caseId, ...body },
      caseId,
      workflowId: caseId,
      update: declareConflict,
      arg: { ...body, actorId: principal.personId },
    });
  }

  async decideDualInvestigation(principal: Principal, key: string, caseId: string, body: DualInvestigationBody) {
    await this.access.require(principal, 'act', caseId, ProblemCode.CaseNotFound, `case ${caseId}`);
    return this.idempotency.update({
      principalId: principal.personId,
      key,
      route: 'POST /cases/:id/dual-investigation',
      body: { caseId, ...body },
      caseId,
      workflowId: caseId,
      update: decideDualInvestigation,
      arg: { ...body, actorId: principal.personId },
    });
  }

  /** Appeals belong to the violation investigation (申诉 after the sanction), so the update goes to that child. */
  async registerAppeal(principal: Principal, key: string, caseId: string, body: AppealBody) {
    const state = await this.access.require(principal, 'act', caseId, ProblemCode.CaseNotFound, `case ${caseId}`);
    const violation = state.children.find((c) => c.role === 'violation');
    if (!violation) {
      throw new ProblemException(ProblemCode.WrongStage, `case ${caseId} has no violation investigation to appeal`, {
        caseId,
      });
    }
    return this.idempotency.update({
      principalId: principal.personId,
      key,
      route: 'POST /cases/:id/appeals',
      body: { caseId, ...body },
      caseId,
      workflowId: violation.workflowId,
      update: registerAppeal,
      arg: { ...body, actorId: principal.personId },
    });
  }
}
