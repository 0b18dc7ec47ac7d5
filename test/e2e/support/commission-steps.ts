import type {
  AccountabilityView,
  AuditLog,
  AuditVerification,
  CaseList,
  InboxTask,
  OpenTask,
  Problem,
} from '../../../libs/contracts/src/http';
import type { AppStack } from '../../support/app-stack';
import { eventually } from './eventually';
import { personClient, type PersonClient } from './http-client';

/** The posts of the commission handling a case, as the steps below need them (ids of the org model). */
export interface CommissionPosts {
  caseManagementOfficer: string;
  caseOfficer: string;
  leaderInCharge: string;
  principalLeader: string;
  standingCommittee: readonly string[];
  /** The investigation team (at least two) named with the proposals opening verification and investigation. */
  team: readonly string[];
}

type TaskRef = { taskId: string; version: number };
const BASIS = [{ regulation: 'CPC Disciplinary Regulations', revision: '2023', article: '28' }];
const AR_BASIS = [{ regulation: 'AR', revision: '2019', article: '8' }];

/** One Idempotency-Key per action, the same on every retry; a task id fits a key as it is. */
export function idempotencyKeyOf(...parts: (string | number)[]): string {
  return `e2e~${parts.join('~')}`;
}

/** The proposals that open preliminary verification and investigation, a team's work (DOMAIN §2). */
const OPENS_TEAM_STAGE = ['PRELIM_VERIFY', 'FILED'];

/**
 * A commission's people working cases over HTTP, each with their own dev token (roles and jurisdictions from
 * the org model): find a task in one's own inbox, decide it, vote, run a responsibility review. The live
 * views (case detail, accountability) show a task before the read model the task routes look it up in, so
 * TASK_NOT_FOUND is retried, bounded.
 */
export class CommissionSteps {
  private readonly clients = new Map<string, PersonClient>();
  /** Tasks already decided: the inbox (a projection) may still list one for a moment. */
  private readonly decided = new Set<string>();

  constructor(
    private readonly stack: AppStack,
    readonly posts: CommissionPosts,
  ) {}

  async as(personId: string): Promise<PersonClient> {
    if (!this.clients.has(personId)) this.clients.set(personId, await personClient(this.stack, personId, []));
    return this.clients.get(personId)!;
  }

  async detail(caseId: string, reader: string = this.posts.caseManagementOfficer) {
    return (await this.as(reader)).caseDetail(caseId);
  }

  async accountability(caseId: string): Promise<AccountabilityView> {
    const reader = await this.as(this.posts.caseManagementOfficer);
    const res = await reader.get<AccountabilityView | Problem>(`/cases/${caseId}/accountability`);
    if (res.status !== 200) throw new Error(`GET accountability: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AccountabilityView;
  }

  /** The person's own inbox shows an open task of this case and stage (of this kind), not one already decided. */
  async inboxTask(personId: string, caseId: string, stage: string, kind?: string): Promise<InboxTask> {
    const person = await this.as(personId);
    return eventually(
      async () =>
        (await person.inbox()).find(
          (t) => t.caseId === caseId && t.stage === stage && (!kind || t.kind === kind) && !this.decided.has(t.taskId),
        ),
      `a ${kind ?? ''} ${stage} task of ${caseId} in the inbox of ${personId}`,
      30_000,
    );
  }

  /** POSTs a task action as `personId`, retrying while the read model does not know the task yet. */
  async taskPost<T>(personId: string, path: string, body: unknown, key: string) {
    const person = await this.as(personId);
    return eventually(async () => {
      const r = await person.post<T | Problem>(path, body, key);
      return r.status === 404 && (r.body as Problem).code === 'TASK_NOT_FOUND' ? undefined : r;
    }, `${path} in the read model`);
  }

  async decide(personId: string, task: TaskRef, outcome: string, extra: Record<string, unknown> = {}) {
    const res = await this.taskPost<{ stage: string }>(
      personId,
      `/tasks/${task.taskId}/decision`,
      {
        taskVersion: task.version,
        outcome,
        comment: `${outcome} (e2e)`,
        basis: BASIS,
        ...(OPENS_TEAM_STAGE.includes(outcome) && { teamIds: this.posts.team }),
        ...extra,
      },
      idempotencyKeyOf(task.taskId, task.version, personId),
    );
    if (res.status !== 200)
      throw new Error(`${personId} ${outcome} on ${task.taskId}: ${res.status} ${JSON.stringify(res.body)}`);
    this.markDecided(task.taskId);
  }

  /** A task settled through another route (a replacement, a proposal) leaves the inbox like a decided one. */
  markDecided(taskId: string): void {
    this.decided.add(taskId);
  }

  /** The step as a scenario has it: the named person finds the task in their own inbox and decides it. */
  async step(personId: string, caseId: string, stage: string, kind: string, outcome: string): Promise<InboxTask> {
    const task = await this.inboxTask(personId, caseId, stage, kind);
    expect(task.allowedOutcomes).toContain(outcome);
    await this.decide(personId, task, outcome);
    return task;
  }

  /**
   * Someone who does not hold the task is refused, and nothing changes (once the read model knows the task);
   * an investigator of the case on its trial review is refused as recused (WR art. 59).
   */
  async refused(
    personId: string,
    task: TaskRef,
    outcome: string,
    expected: { status: number; code: string } = { status: 403, code: 'NOT_ASSIGNEE' },
  ): Promise<void> {
    const person = await this.as(personId);
    const res = await eventually(async () => {
      const r = await person.decide(task.taskId, { taskVersion: task.version, outcome });
      return r.status === 404 && (r.body as Problem).code === 'TASK_NOT_FOUND' ? undefined : r;
    }, `${task.taskId} in the read model`);
    expect({ status: res.status, code: (res.body as Problem).code }).toEqual(expected);
  }

  /** The standing committee votes one member after another until the majority closes the collective task. */
  async vote(find: () => Promise<TaskRef | undefined>, outcome: string): Promise<void> {
    for (const voter of this.posts.standingCommittee) {
      const task = await find();
      if (!task) return;
      await this.decide(voter, task, outcome);
      await eventually(async () => {
        const now = await find();
        return !now || now.version > task.version ? true : undefined;
      }, `${voter}'s vote on ${task.taskId} counted`);
    }
  }

  async openViolationTask(caseId: string, stage: string, kind: string): Promise<OpenTask | undefined> {
    return (await this.detail(caseId)).openTasks?.find(
      (t) => t.workflowId.endsWith('/violation') && t.stage === stage && t.kind === kind,
    );
  }

  /** An open trace-back or review task, found on the accountability view (voters find theirs there too). */
  reviewTask(caseId: string, where: string, stage: string, kind: string) {
    return eventually(
      async () =>
        (await this.accountability(caseId)).openTasks.find(
          (t) => t.workflowId.endsWith(where) && t.stage === stage && t.kind === kind && !this.decided.has(t.taskId),
        ),
      `an open ${kind} ${stage} task of ${where}`,
      30_000,
    );
  }

  /** Review workflow ids are opaque: the trace-back's live state maps the candidate to its review. */
  reviewOf(caseId: string, candidateKey: string): Promise<string> {
    return eventually(
      async () =>
        (await this.accountability(caseId)).live?.reviews.find((r) => r.candidateKey === candidateKey)?.workflowId,
      `the review of ${candidateKey}`,
    );
  }

  /** The review's first stages, as its assignees take them. */
  async reviewUpTo(caseId: string, where: string, steps: [stage: string, outcome: string][]): Promise<void> {
    for (const [stage, outcome] of steps) {
      const task = await this.reviewTask(caseId, where, stage, 'decision');
      await this.decide(task.assigneeId!, task, outcome);
    }
  }

  /** The leader in charge's, then the principal leader's approval (AR art. 9). */
  async approveReview(caseId: string, where: string, what: string): Promise<void> {
    for (const approver of [this.posts.leaderInCharge, this.posts.principalLeader]) {
      const approval = await this.reviewTask(caseId, where, 'approval', 'approval');
      expect({ what, assignee: approval.assigneeId }).toEqual({ what, assignee: approver });
      await this.decide(approver, approval, 'APPROVE');
    }
  }

  /**
   * One review up to a served decision: facts, hearing, determination, the proposal with its measures, the
   * two approvals, then the commission's vote, or the managing body's decision recorded back by case
   * management (AR art. 12). Returns the review's workflow id.
   */
  async review(
    caseId: string,
    candidateKey: string,
    determination: string,
    measures: object,
    decidedBy: 'commission' | 'managingBody' = 'commission',
  ): Promise<string> {
    const where = await this.reviewOf(caseId, candidateKey);
    await this.reviewUpTo(caseId, where, [
      ['factFinding', 'FACTS_ESTABLISHED'],
      ['hearing', 'HEARD'],
      ['determination', determination],
    ]);
    const proposal = await this.reviewTask(caseId, where, 'proposal', 'decision');
    const proposed = await this.taskPost<{ stage: string }>(
      proposal.assigneeId!,
      `/tasks/${proposal.taskId}/accountability-decision`,
      { taskVersion: proposal.version, outcome: 'PROPOSED', measures, basis: AR_BASIS },
      idempotencyKeyOf(proposal.taskId, 'proposal'),
    );
    expect({ candidateKey, status: proposed.status }).toEqual({ candidateKey, status: 200 });
    this.markDecided(proposal.taskId);
    await this.approveReview(caseId, where, candidateKey);
    if (decidedBy === 'commission') {
      const find = async () =>
        (await this.accountability(caseId)).openTasks.find(
          (t) => t.workflowId.endsWith(where) && t.stage === 'decision' && t.kind === 'collectiveDecision',
        );
      await this.reviewTask(caseId, where, 'decision', 'collectiveDecision');
      await this.vote(find, 'DECIDE');
    } else {
      const recorded = await this.reviewTask(caseId, where, 'decision', 'decision');
      expect(recorded.assigneeId).toBe(this.posts.caseManagementOfficer);
      await this.decide(this.posts.caseManagementOfficer, recorded, 'ADOPTED');
    }
    const notice = await this.reviewTask(caseId, where, 'noticeServed', 'decision');
    await this.decide(notice.assigneeId!, notice, 'SERVED');
    return where;
  }

  async candidatesComputed(caseId: string): Promise<AccountabilityView> {
    return eventually(
      async () => {
        const v = await this.accountability(caseId);
        return v.live?.stage === 'candidateConfirmation' ? v : undefined;
      },
      'the trace-back candidates computed',
      30_000,
    );
  }

  /**
   * Removes every candidate but `kept` (the case officer asks with a reason, the leader in charge approves
   * each removal), then the case officer confirms the list.
   */
  async keepOnly(caseId: string, kept: string[], reason: string): Promise<void> {
    const all = (await this.accountability(caseId)).live!.candidates.map((c) => c.candidateKey);
    const officer = await this.as(this.posts.caseOfficer);
    for (const key of all.filter((k) => !kept.includes(k))) {
      const removal = await officer.post<{ approvalTaskId: string } | Problem>(
        `/cases/${caseId}/trace-back/candidates/${key}/removal`,
        { reason },
      );
      expect({ key, status: removal.status }).toEqual({ key, status: 200 });
      const approval = await this.reviewTask(caseId, '/trace-back', 'candidateRemoval', 'approval');
      expect(approval).toMatchObject({
        taskId: (removal.body as { approvalTaskId: string }).approvalTaskId,
        assigneeId: this.posts.leaderInCharge,
      });
      await this.decide(this.posts.leaderInCharge, approval, 'APPROVE');
    }
    const narrowed = await eventually(async () => {
      const v = await this.accountability(caseId);
      return v.live?.candidates.length === kept.length && v.live.pendingRemovals.length === 0 ? v : undefined;
    }, 'the removals applied');
    expect(narrowed.live!.candidates.map((c) => c.candidateKey).sort()).toEqual([...kept].sort());
    const confirm = await this.reviewTask(caseId, '/trace-back', 'candidateConfirmation', 'decision');
    await this.decide(confirm.assigneeId!, confirm, 'CONFIRM');
  }

  /**
   * The case's audit trail, every page, with the hash chain verified by the gateway over all of it. Entries a
   * workflow still appends between the check and the listing make them differ: both are taken again then.
   */
  async auditOf(caseId: string): Promise<AuditLog['items']> {
    const person = await this.as(this.posts.principalLeader);
    return eventually(async () => {
      const verified = await person.get<AuditVerification>(`/cases/${caseId}/audit/verify`);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ caseId, ok: true });
      const items: AuditLog['items'] = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await person.get<AuditLog>(
          `/cases/${caseId}/audit?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      }
      return verified.body.count === items.length ? items : undefined;
    }, `the audit trail of ${caseId} to hold still between its check and its listing`);
  }

  /** The read model's row of the case, through the list route (lists come from the read model). */
  listed(caseId: string, query: string) {
    return eventually(async () => {
      const list = await (await this.as(this.posts.caseManagementOfficer)).get<CaseList>(`/cases?${query}`);
      return list.body.items.find((c) => c.caseId === caseId);
    }, `${caseId} listed under ${query}`);
  }

  /** Polls until the person is denied the case (a recused person or a target loses access, DOMAIN §5, §8). */
  deniedTo(personId: string, caseId: string) {
    return eventually(async () => {
      const r = await (await this.as(personId)).get<Problem>(`/cases/${caseId}`);
      return r.status === 404 ? r.body : undefined;
    }, `${personId} denied ${caseId}`);
  }
}
