import type { WorkflowHandle } from '@temporalio/client';
import {
  getAccountabilityState,
  getReviewState,
  submitAccountabilityDecision,
  submitDecision,
  type AccountabilityState,
  type ReviewState,
} from '../../libs/contracts/src';
import type { AccountabilityMeasures } from '../../libs/domain/src/accountability';
import { PEOPLE } from '../builders/case.builder';
import { eventually, type CaseDriver } from './case-driver';

type Task = ReviewState['tasks'][number];

/** Drives the trace-back and its reviews through Updates, the way staff and leaders would. */
export class AccountabilityDriver {
  constructor(readonly c: CaseDriver) {}

  get traceBack(): WorkflowHandle {
    return this.c.child('trace-back');
  }
  /** The review's id comes from the trace-back's state: it is opaque, not derived from the candidate key. */
  private readonly reviewIds = new Map<string, string>();
  review(key: string): WorkflowHandle {
    const workflowId = this.reviewIds.get(key);
    if (!workflowId) throw new Error(`no review of ${key} seen yet: await reviewTask or until() first`);
    return this.c.client.workflow.getHandle(workflowId);
  }
  async state(): Promise<AccountabilityState> {
    const s = await this.traceBack.query(getAccountabilityState);
    for (const r of s.reviews) this.reviewIds.set(r.candidateKey, r.workflowId);
    return s;
  }
  until(what: string, probe: (s: AccountabilityState) => boolean): Promise<AccountabilityState> {
    return eventually(async () => {
      const s = await this.state().catch(() => undefined);
      return s && probe(s) ? s : undefined;
    }, what);
  }
  async traceBackTask(stage: string, kind?: Task['kind']): Promise<Task> {
    const s = await this.until(`an open ${stage} task`, (st) =>
      st.tasks.some((t) => t.status === 'OPEN' && t.stage === stage && (!kind || t.kind === kind)),
    );
    return s.tasks.find((t) => t.status === 'OPEN' && t.stage === stage && (!kind || t.kind === kind))!;
  }
  async reviewTask(key: string, stage: string, kind?: Task['kind']): Promise<Task> {
    return eventually(
      async () => {
        if (!this.reviewIds.has(key)) await this.state().catch(() => undefined);
        if (!this.reviewIds.has(key)) return undefined;
        const s = await this.review(key)
          .query(getReviewState)
          .catch(() => undefined);
        return s?.tasks.find((t) => t.status === 'OPEN' && t.stage === stage && (!kind || t.kind === kind));
      },
      `an open ${kind ?? ''} ${stage} task of ${key}`,
    );
  }
  decideOn(handle: WorkflowHandle, task: Task, outcome: string, extra: { actorId?: string; reason?: string } = {}) {
    return handle.executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: extra.actorId ?? task.assigneeId,
          outcome,
          comment: `${outcome} by test`,
          basis: [{ regulation: 'AR', article: '7' }],
          reason: extra.reason,
        },
      ],
    });
  }
  async decide(
    key: string,
    stage: string,
    outcome: string,
    extra: { actorId?: string; reason?: string; kind?: Task['kind'] } = {},
  ) {
    const task = await this.reviewTask(key, stage, extra.kind ?? 'decision');
    return this.decideOn(this.review(key), task, outcome, extra);
  }
  async measures(key: string, stage: string, outcome: string, measures: AccountabilityMeasures) {
    const task = await this.reviewTask(key, stage, 'decision');
    return this.review(key).executeUpdate(submitAccountabilityDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: task.assigneeId,
          outcome,
          measures: { ...measures, forms: [...measures.forms], modifiers: [...measures.modifiers] },
          comment: '',
          basis: [{ regulation: 'AR', article: '8' }],
        },
      ],
    });
  }
  async approve(key: string, stage: string, levels: number) {
    for (let i = 0; i < levels; i++) await this.decide(key, stage, 'APPROVE', { kind: 'approval' });
  }
  async commissionDecides(key: string) {
    for (const member of PEOPLE.standingCommittee.slice(0, 3))
      await this.decide(key, 'decision', 'DECIDE', { kind: 'collectiveDecision', actorId: member });
  }
  /** Fact finding to a served decision of the commission itself. */
  async decideAndServe(key: string, determination: string, measures: AccountabilityMeasures) {
    await this.decide(key, 'factFinding', 'FACTS_ESTABLISHED');
    await this.decide(key, 'hearing', 'HEARD');
    await this.decide(key, 'determination', determination);
    await this.measures(key, 'proposal', 'PROPOSED', measures);
    await this.approve(key, 'approval', 2);
    await this.commissionDecides(key);
    await this.decide(key, 'noticeServed', 'SERVED');
  }
}
