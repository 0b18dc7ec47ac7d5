import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  addTraceBackCandidate,
  getAccountabilityState,
  getReviewState,
  registerAppeal,
  removeTraceBackCandidate,
  sendFindings,
  type AccountabilityState,
  type CaseState,
  type ReviewState,
} from '@shuangcha/contracts';
import {
  ProblemCode,
  type AccountabilityAppealBody,
  type AccountabilityView,
  type CandidateAdditionBody,
  type CandidateOrgChartView,
  type CandidateRemovalBody,
  type FindingsBody,
} from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { findAccountabilitySummary, PeopleQueries } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';
import { openTaskView } from '../cases/open-task-view';

@Injectable()
export class AccountabilityService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PeopleQueries) private readonly people: PeopleQueries,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly peopleMap: PeopleMapService,
  ) {}

  /**
   * The stored summary (written once when the trace-back concludes) and, while it runs, its live state with
   * the open tasks of every review: collective-decision voters other than the named assignee find them here.
   */
  async view(principal: Principal, caseId: string): Promise<AccountabilityView> {
    const state = await this.access.requireCase(principal, 'read', caseId);
    const child = state.children.find((c) => c.role === 'traceBack');
    const stored = await findAccountabilitySummary(this.dataSource.manager, caseId);
    if (!child)
      return this.peopleMap.withPeople({ caseId, traceBack: 'NOT_STARTED', summary: null, live: null, openTasks: [] });
    const live =
      child.status === 'RUNNING'
        ? await this.client.workflow
            .getHandle(child.workflowId)
            .query(getAccountabilityState)
            .catch((): AccountabilityState | null => null)
        : null;
    const reviews = await Promise.all(
      (live?.reviews ?? [])
        .filter((r) => !r.final)
        .map((r) =>
          this.client.workflow
            .getHandle(r.workflowId)
            .query(getReviewState)
            .catch((): ReviewState | null => null),
        ),
    );
    const openTasks = [...(live?.tasks ?? []), ...reviews.flatMap((r) => r?.tasks ?? [])]
      .filter((t) => t.status === 'OPEN')
      .map(openTaskView);
    return this.peopleMap.withPeople({
      caseId,
      traceBack: child.status === 'CONCLUDED' ? 'CONCLUDED' : 'RUNNING',
      summary: stored?.summary ?? live?.summary ?? null,
      live,
      openTasks,
      orgChart: await this.orgChartOf(live, stored?.summary ?? live?.summary ?? null),
    });
  }

  /**
   * Candidates over the org chart as it stands today; the tenure history says who held each post then. Once
   * the trace-back concluded only the summary's organizations are named (the misconduct periods lived in it).
   */
  private async orgChartOf(
    live: AccountabilityState | null,
    summary: AccountabilityView['summary'],
  ): Promise<CandidateOrgChartView | null> {
    const targets = live
      ? live.candidates
      : summary
        ? [...summary.primaryResponsibility, ...summary.supervisoryResponsibility]
        : [];
    if (targets.length === 0) return null;
    // Runs started before the query carried the periods answer without them.
    const periods = live?.misconductIntervals ?? [];
    const chart = await this.people.candidateOrgChart(shanghaiLocalDate(Date.now()), {
      personIds: targets.flatMap((c) => (c.personId ? [c.personId] : [])),
      organizationBodyIds: targets.flatMap((c) => (c.organizationBodyId ? [c.organizationBodyId] : [])),
      periods,
    });
    return { misconductIntervals: periods, bodies: [...chart.bodies], tenures: [...chart.tenures] };
  }

  async addCandidate(principal: Principal, key: string, caseId: string, body: CandidateAdditionBody) {
    const traceBack = await this.traceBackOf(principal, caseId);
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/trace-back/candidates',
      at: { caseId },
      workflowId: traceBack,
      update: addTraceBackCandidate,
      body,
    });
  }

  /** Removal only asks: the leader in charge approves it on a task, and the candidate stays until then. */
  async removeCandidate(
    principal: Principal,
    key: string,
    caseId: string,
    candidateKey: string,
    body: CandidateRemovalBody,
  ) {
    const traceBack = await this.traceBackOf(principal, caseId);
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/trace-back/candidates/:key/removal',
      at: { caseId, candidateKey },
      workflowId: traceBack,
      update: removeTraceBackCandidate,
      body: { ...body, candidateKey },
    });
  }

  /**
   * Facts sent from the violation investigation to the accountability investigation. Need-to-know keeps out
   * subjects, candidates and recused persons (404); the case itself admits only its case officer and case
   * management, and checks the registry again when the Update arrives (DOMAIN §5: checked at signal time).
   */
  async sendFindings(principal: Principal, key: string, caseId: string, body: FindingsBody) {
    await this.access.requireCase(principal, 'act', caseId);
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/findings',
      at: { caseId },
      workflowId: caseId,
      update: sendFindings,
      body,
    });
  }

  /**
   * An appeal against one review's accountability decision (AR art. 19): the review hears it through its
   * appeal handler, and the decision is executed meanwhile (DOMAIN §4 Limits).
   */
  async registerAppeal(
    principal: Principal,
    key: string,
    caseId: string,
    candidateKey: string,
    body: AccountabilityAppealBody,
  ) {
    const traceBack = await this.traceBackOf(principal, caseId);
    const state = await this.client.workflow.getHandle(traceBack).query(getAccountabilityState);
    const review = state.reviews.find((r) => r.candidateKey === candidateKey);
    if (!review) {
      throw new ProblemException(ProblemCode.NotFound, `case ${caseId} has no review of ${candidateKey}`, { caseId });
    }
    if (review.final) {
      throw new ProblemException(ProblemCode.WrongStage, `the review of ${candidateKey} is final`, { caseId });
    }
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/trace-back/reviews/:key/appeals',
      at: { caseId, candidateKey },
      workflowId: review.workflowId,
      update: registerAppeal,
      body,
    });
  }

  private async traceBackOf(principal: Principal, caseId: string): Promise<string> {
    const state: CaseState = await this.access.requireCase(principal, 'act', caseId);
    const child = state.children.find((c) => c.role === 'traceBack' && c.status === 'RUNNING');
    if (!child) {
      throw new ProblemException(ProblemCode.WrongStage, `case ${caseId} has no running trace-back`, { caseId });
    }
    return child.workflowId;
  }
}
