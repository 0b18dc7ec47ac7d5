import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  CASE_TASK_QUEUE,
  decideRectificationRecheck,
  getRectificationItem,
  getReviewState,
  recordRectificationFindings,
  getRectificationList,
  rectificationItemWorkflowId,
  rectificationListWorkflowId,
  reportRectificationProgress,
  requestExtension,
  submitDecision,
  submitRectification,
  type RectificationItemView,
  type RectificationListInput,
} from '../libs/contracts/src';
import { endOfShanghaiDay, shanghaiLocalDate } from '../libs/domain/src/calendar';
import { aRectificationList, evidence, RECT_PEOPLE } from '../test/builders/rectification.builder';
import { COMPRESSED_POLICY } from '../libs/domain/src/policy';
import { aCase, PEOPLE, type CaseBuilder } from '../test/builders/case.builder';
import { AccountabilityDriver } from '../test/support/accountability-driver';
import { CaseDriver, eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';
import { caseWorkflow } from './case.workflow';
import { rectificationList } from './rectification-list.workflow';

const DAY = 24 * 60 * 60 * 1000;
const FULL_EVIDENCE = [evidence('REGULATION'), evidence('MEETING_MINUTES')];

// A fresh time-skipping server per test: a list that closes leaves its abandoned items running, and the Java
// test server then skips no more time for them, so a later test's world.env.sleep would never return (README,
// "The time-skipping hang"; seen with jest --randomize --seed=42).
const world = caseWorld({ serverPerTest: true });

/** Drives one problem list through Updates on its item workflows, as the gateway's endpoints will. */
class ListDriver {
  constructor(readonly input: RectificationListInput) {}
  get listId() {
    return rectificationListWorkflowId(this.input.listNo);
  }
  get list() {
    return world.env.client.workflow.getHandle(this.listId);
  }
  item(itemKey: string) {
    return world.env.client.workflow.getHandle(rectificationItemWorkflowId(this.listId, itemKey));
  }
  view() {
    return this.list.query(getRectificationList);
  }
  /** The list once every item is signed off; it stays running for its re-check. */
  completed(status: 'COMPLETED' | 'OPEN' = 'COMPLETED') {
    return eventually(async () => {
      const v = await this.view();
      return v.status === status ? v : undefined;
    }, `list ${status}`);
  }
  /** Skips to the re-check and answers its task. */
  async recheck(outcome: 'CONFIRM' | 'REOPEN', reopen: { itemKey: string; dueDate: string }[] = []) {
    const before = await this.view();
    await world.env.sleep(Date.parse(before.recheck!.dueAt!) - (await world.env.currentTimeMs()) + 1000);
    const task = await eventually(async () => {
      const taskId = (await this.view()).recheck?.taskId;
      return taskId ? world.activities.tasks.get(`${this.listId}|${taskId}`) : undefined;
    }, 're-check task');
    // CONFIRM as from the inbox (submitDecision); REOPEN names items, so it has an Update of its own.
    const answer =
      outcome === 'CONFIRM'
        ? await this.list.executeUpdate(submitDecision, {
            args: [
              {
                taskId: task.taskId,
                taskVersion: task.version,
                actorId: task.assigneeId,
                outcome,
                comment: '',
                basis: [],
              },
            ],
          })
        : await this.list.executeUpdate(decideRectificationRecheck, {
            args: [
              {
                taskId: task.taskId,
                taskVersion: task.version,
                actorId: task.assigneeId,
                outcome,
                reopen,
                comment: '',
              },
            ],
          });
    return { task, answer };
  }
  async itemView(
    itemKey: string,
    until: (v: RectificationItemView) => boolean = () => true,
  ): Promise<RectificationItemView> {
    return eventually(async () => {
      const v = await this.item(itemKey)
        .query(getRectificationItem)
        .catch(() => undefined);
      return v && until(v) ? v : undefined;
    }, `item ${itemKey}`);
  }
  async openTask(itemKey: string, stage: 'rectification' | 'verification') {
    const v = await this.itemView(itemKey, (x) => x.tasks.some((t) => t.status === 'OPEN' && t.stage === stage));
    return v.tasks.find((t) => t.status === 'OPEN' && t.stage === stage)!;
  }
  async report(itemKey: string, actorId: string = RECT_PEOPLE.housingResponsible) {
    await this.openTask(itemKey, 'rectification');
    return this.item(itemKey).executeUpdate(reportRectificationProgress, {
      args: [{ actorId, summary: 'draft rules circulated', attachments: [evidence('DOCUMENT', 'draft-1')] }],
    });
  }
  async submit(itemKey: string, evidenceRefs = FULL_EVIDENCE, actorId: string = RECT_PEOPLE.housingResponsible) {
    await this.openTask(itemKey, 'rectification');
    return this.item(itemKey).executeUpdate(submitRectification, {
      args: [{ actorId, summary: 'rules adopted', evidence: evidenceRefs }],
    });
  }
  async verify(itemKey: string, outcome: 'PASS' | 'FAIL', extra: { actorId?: string; reason?: string } = {}) {
    const task = await this.openTask(itemKey, 'verification');
    return this.item(itemKey).executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: extra.actorId ?? task.assigneeId,
          outcome,
          comment: '',
          basis: [],
          reason: extra.reason,
        },
      ],
    });
  }
  async signOff(itemKey: string) {
    await this.submit(itemKey);
    await this.verify(itemKey, 'PASS');
    return this.itemView(itemKey, (v) => v.state === 'VERIFIED_CLOSED');
  }
}

async function startList(build: (nowMs: number) => RectificationListInput): Promise<ListDriver> {
  const input = build(await world.env.currentTimeMs());
  const driver = new ListDriver(input);
  await world.env.client.workflow.start(rectificationList, {
    taskQueue: CASE_TASK_QUEUE,
    workflowId: driver.listId,
    workflowIdConflictPolicy: 'FAIL',
    args: [input],
  });
  return driver;
}

describe('rectification list', () => {
  it('escalates an overdue item up the chain, shows its days overdue and suggests accountability past the limit', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('LATE', { dueInDays: 5 }).build());
    const work = await list.openTask('LATE', 'rectification');
    await world.env.sleep(20 * DAY);
    const view = await eventually(async () => {
      const v = await list.view();
      const item = v.items.find((i) => i.itemKey === 'LATE');
      return item && item.escalationLevel >= 3 ? v : undefined;
    }, 'escalation to the leader in charge');
    const item = view.items.find((i) => i.itemKey === 'LATE')!;
    expect(item.overdue).toBe(true);
    expect(item.daysOverdue).toBeGreaterThanOrEqual(13);
    const notes = world.activities.notificationsFor(work.taskId);
    expect(notes.map((n) => [n.kind, n.level, n.recipientId])).toEqual(
      expect.arrayContaining([
        ['escalation', 1, RECT_PEOPLE.housingSuperior],
        ['escalation', 2, RECT_PEOPLE.caseManagement],
        ['escalation', 3, RECT_PEOPLE.leaderInCharge],
      ]),
    );
    expect(
      world.activities.accountabilitySuggestions.size === 0 ||
        ![...world.activities.accountabilitySuggestions.values()].some((s) => s.listId === list.listId),
    ).toBe(true);

    await world.env.sleep(20 * DAY);
    const suggestion = await eventually(
      async () => [...world.activities.accountabilitySuggestions.values()].find((s) => s.listId === list.listId),
      'an accountability suggestion',
    );
    expect(suggestion).toMatchObject({
      itemKey: 'LATE',
      responsibleUnitId: 'u-city-housing',
      responsiblePersonId: RECT_PEOPLE.housingResponsible,
    });
    expect(suggestion.daysOverdue).toBeGreaterThanOrEqual(30);
    expect(world.activities.auditActions(list.listId)).toContain('ACCOUNTABILITY_SUGGESTED');
    await expect(list.itemView('LATE', (v) => v.accountabilitySuggested)).resolves.toMatchObject({ state: 'OPEN' });
  });

  it('signs off an item completed on time, with no escalation and no days overdue', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('A').build());
    await expect(list.report('A')).resolves.toMatchObject({ state: 'IN_PROGRESS' });
    const closed = await list.signOff('A');
    expect(closed).toMatchObject({
      state: 'VERIFIED_CLOSED',
      signedOffAt: expect.any(String),
      daysOverdue: 0,
      reopenCount: 0,
    });
    expect(closed.verifications).toEqual([
      expect.objectContaining({ verifierId: RECT_PEOPLE.verifier, outcome: 'PASS' }),
    ]);
    await expect(list.completed()).resolves.toMatchObject({ status: 'COMPLETED', completion: { total: 1 } });
    const work = closed.tasks.find((t) => t.stage === 'rectification')!;
    expect(world.activities.notificationsFor(work.taskId).filter((n) => n.kind === 'escalation')).toEqual([]);
    expect(world.activities.auditActions(list.listId)).toEqual(
      expect.arrayContaining([
        'RECTIFICATION_LIST_OPENED',
        'RECTIFICATION_PROGRESS_REPORTED',
        'RECTIFICATION_SUBMITTED',
        'RECTIFICATION_SIGNED_OFF',
        'RECTIFICATION_LIST_COMPLETED',
      ]),
    );
    expect(world.activities.rectificationItems.get(`${list.listId}|A`)).toMatchObject({
      state: 'VERIFIED_CLOSED',
      evidence: FULL_EVIDENCE,
      progressReportCount: 1,
    });
    expect(world.activities.rectificationLists.get(list.listId)).toMatchObject({
      status: 'COMPLETED',
      itemCount: 1,
      signedOffCount: 1,
    });
  });

  it('reopens an item that fails verification, with the reason and the reopen counted', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('B').build());
    await list.submit('B');
    await list.verify('B', 'FAIL', { reason: 'the rules were drafted but never adopted' });
    const reopened = await list.itemView(
      'B',
      (v) => v.state === 'REJECTED' && v.tasks.some((t) => t.stage === 'rectification' && t.status === 'OPEN'),
    );
    expect(reopened).toMatchObject({ reopenCount: 1, flaggedToSupervisors: false, submission: null });
    expect(reopened.verifications).toEqual([
      expect.objectContaining({ outcome: 'FAIL', reason: 'the rules were drafted but never adopted' }),
    ]);
    expect(world.activities.auditActions(list.listId)).toContain('RECTIFICATION_REOPENED');
    const listView = await eventually(async () => {
      const v = await list.view();
      return v.items[0].reopenCount === 1 ? v : undefined;
    }, 'the list to see the reopen');
    expect(listView.items[0].state).toBe('REJECTED');
    await expect(list.report('B')).resolves.toMatchObject({ state: 'IN_PROGRESS' });
  });

  it('flags an item reopened twice to supervisors', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('C').build());
    for (let round = 1; round <= 2; round++) {
      await list.submit('C');
      await list.verify('C', 'FAIL', { reason: `round ${round}: evidence does not show the change` });
    }
    const flagged = await list.itemView('C', (v) => v.reopenCount === 2);
    expect(flagged.flaggedToSupervisors).toBe(true);
    expect(
      world.activities.auditActions(list.listId).filter((a) => a === 'RECTIFICATION_FLAGGED_TO_SUPERVISORS'),
    ).toHaveLength(1);
    await eventually(
      async () => ((await list.view()).items[0].flaggedToSupervisors ? true : undefined),
      'the list to show the flag',
    );
    await eventually(
      async () =>
        world.activities.rectificationItems.get(`${list.listId}|C`)?.flaggedToSupervisors ? true : undefined,
      'the flag in the read model',
    );
  });

  it('blocks an item reported done without the evidence its requirements name, and changes nothing', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('D').build());
    const before = await list.openTask('D', 'rectification');
    const attempt = list.submit('D', [evidence('REGULATION')]);
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(attempt).rejects.toMatchObject({
      cause: { type: 'MissingEvidence', message: expect.stringContaining('MEETING_MINUTES') },
    });
    const after = await list.itemView('D');
    expect(after).toMatchObject({ state: 'OPEN', submission: null });
    expect(after.tasks.find((t) => t.taskId === before.taskId)).toMatchObject({
      status: 'OPEN',
      version: before.version,
    });
    expect(world.activities.auditActions(list.listId)).not.toContain('RECTIFICATION_SUBMITTED');
  });

  it('rejects a verification by the responsible person and a report by anyone else', async () => {
    const list = await startList((now) =>
      aRectificationList(now)
        .withItem('E', { responsiblePersonId: RECT_PEOPLE.verifier, responsibleUnitId: 'u-city-ctig' })
        .build(),
    );
    await expect(list.report('E', RECT_PEOPLE.housingResponsible)).rejects.toMatchObject({
      cause: { type: 'NotAssignee' },
    });
    await list.submit('E', FULL_EVIDENCE, RECT_PEOPLE.verifier);
    const task = await list.openTask('E', 'verification');
    expect(task.assigneeId).toBe(RECT_PEOPLE.verifier2);
    await expect(list.verify('E', 'PASS', { actorId: RECT_PEOPLE.verifier })).rejects.toMatchObject({
      cause: { type: 'VerifierIsResponsiblePerson' },
    });
    await expect(list.verify('E', 'FAIL', { reason: ' ' })).rejects.toMatchObject({
      cause: { type: 'InvalidDecision' },
    });
    await expect(list.itemView('E')).resolves.toMatchObject({ state: 'SUBMITTED', reopenCount: 0 });
  });

  it('completes only when its last item is signed off', async () => {
    const list = await startList((now) =>
      aRectificationList(now)
        .withItem('F1')
        .withItem('F2', {
          responsiblePersonId: RECT_PEOPLE.transportResponsible,
          responsibleUnitId: 'u-city-transport',
        })
        .withItem('F3')
        .build(),
    );
    await list.signOff('F1');
    await list.signOff('F3');
    const partial = await eventually(async () => {
      const v = await list.view();
      return v.completion.signedOff === 2 ? v : undefined;
    }, 'two items signed off');
    expect(partial).toMatchObject({
      status: 'OPEN',
      completion: { total: 3, signedOff: 2, completionRate: 0.6667, complete: false },
    });
    await list.submit('F2', FULL_EVIDENCE, RECT_PEOPLE.transportResponsible);
    expect((await list.view()).status).toBe('OPEN');
    await list.verify('F2', 'PASS');
    await expect(list.completed()).resolves.toMatchObject({ status: 'COMPLETED', completion: { total: 3 } });
    const done = await list.view();
    expect(done).toMatchObject({
      status: 'COMPLETED',
      completion: { total: 3, signedOff: 3, completionRate: 1, complete: true },
    });
    expect(done.completedAt).not.toBeNull();
  });

  it('moves the item due date by one reporting period when an extension is granted one level up', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('X', { dueInDays: 10 }).build());
    const work = await list.openTask('X', 'rectification');
    const before = await list.itemView('X');
    const requested = await list.item('X').executeUpdate(requestExtension, {
      args: [
        {
          taskId: work.taskId,
          actorId: RECT_PEOPLE.housingResponsible,
          reason: 'tender rules need a second committee reading',
        },
      ],
    });
    const approval = await eventually(async () => {
      const v = await list.itemView('X');
      return v.tasks.find((t) => t.taskId === requested.approvalTaskId);
    }, 'the extension approval task');
    expect(approval.assigneeId).toBe(RECT_PEOPLE.housingSuperior);
    await list.item('X').executeUpdate(submitDecision, {
      args: [
        {
          taskId: approval.taskId,
          taskVersion: approval.version,
          actorId: approval.assigneeId,
          outcome: 'GRANT',
          comment: '',
          basis: [],
        },
      ],
    });
    const extended = await list.itemView('X', (v) => v.dueAt !== before.dueAt);
    const movedDays = (Date.parse(extended.dueAt) - Date.parse(before.dueAt)) / (24 * 60 * 60 * 1000);
    expect(movedDays).toBeGreaterThanOrEqual(30);
    expect(movedDays).toBeLessThan(40);
    await eventually(
      async () => ((await list.view()).items[0].dueAt === extended.dueAt ? true : undefined),
      'the list to see the new due date',
    );
  });

  it('refuses a second list with the same number', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('G').build());
    await expect(
      world.env.client.workflow.start(rectificationList, {
        taskQueue: CASE_TASK_QUEUE,
        workflowId: list.listId,
        workflowIdConflictPolicy: 'FAIL',
        args: [list.input],
      }),
    ).rejects.toMatchObject({ name: 'WorkflowExecutionAlreadyStartedError' });
  });

  it('re-checks a completed list six months on: reopens a named item on a new due date, then confirms', async () => {
    const list = await startList((now) => aRectificationList(now).withItem('R1').withItem('R2').build());
    await list.signOff('R1');
    await list.signOff('R2');
    const completed = await list.completed();
    expect(completed.recheck).toMatchObject({ round: 1, taskId: null, decisions: [] });
    const waited = Date.parse(completed.recheck!.dueAt!) - Date.parse(completed.completedAt!);
    expect(waited).toBeGreaterThan(180 * DAY);
    expect(waited).toBeLessThan(185 * DAY);

    const newDue = shanghaiLocalDate(Date.parse(completed.recheck!.dueAt!) + 30 * DAY);
    const attempt = list.recheck('REOPEN', [{ itemKey: 'NOPE', dueDate: newDue }]);
    await expect(attempt).rejects.toThrow(WorkflowUpdateFailedError);
    const taskId = (await list.view()).recheck!.taskId!;
    const task = world.activities.tasks.get(`${list.listId}|${taskId}`)!;
    // The discipline body re-checks, never the responsible person (DOMAIN §6).
    expect(task).toMatchObject({ stage: 'recheck', assigneeId: RECT_PEOPLE.verifier, status: 'OPEN' });
    await list.list.executeUpdate(decideRectificationRecheck, {
      args: [
        {
          taskId,
          taskVersion: task.version,
          actorId: RECT_PEOPLE.verifier,
          outcome: 'REOPEN',
          reopen: [{ itemKey: 'R1', dueDate: newDue }],
          comment: 'the adopted rules are not applied',
        },
      ],
    });
    const reopened = await list.itemView('R1', (v) => v.state === 'IN_PROGRESS');
    expect(reopened).toMatchObject({ reopenCount: 1, dueAt: new Date(endOfShanghaiDay(newDue)).toISOString() });
    const open = await list.completed('OPEN');
    expect(open.items.find((i) => i.itemKey === 'R2')).toMatchObject({ state: 'VERIFIED_CLOSED' });
    expect(open.recheck?.decisions).toEqual([expect.objectContaining({ outcome: 'REOPEN', reopened: ['R1'] })]);
    await eventually(
      async () =>
        world.activities.rectificationItems.get(`${list.listId}|R1`)?.state === 'IN_PROGRESS' ? true : undefined,
      'the reopened item in the read model',
    );

    await list.signOff('R1');
    await list.completed();
    const { answer } = await list.recheck('CONFIRM');
    expect(answer).toEqual({ taskId: expect.any(String), outcome: 'CONFIRM', reopened: [], stage: 'recheck' });
    await expect(list.list.result()).resolves.toEqual({ status: 'COMPLETED', items: 2 });
    expect(world.activities.rectificationLists.get(list.listId)).toMatchObject({ status: 'COMPLETED' });
    expect(world.activities.auditActions(list.listId)).toEqual(
      expect.arrayContaining(['RECTIFICATION_RECHECK_DECIDED', 'RECTIFICATION_ITEMS_REOPENED']),
    );
  });
});

/** What staff found to rectify, as rows of a list import; due 90 days on. */
function findingsRows(nowMs: number, keys: string[]) {
  return keys.map((itemKey) => ({
    itemKey,
    problem: `procurement approvals were signed off without a second check (${itemKey})`,
    measure: 'adopt two-person approval of procurement contracts',
    responsiblePersonId: 'p-unit-a-secretary',
    responsibleUnitId: 'u-unit-a',
    dueDate: shanghaiLocalDate(nowMs + 90 * DAY),
    evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
  }));
}

async function openCase(build: CaseBuilder): Promise<CaseDriver> {
  const input = build.withPolicy(COMPRESSED_POLICY.version).build();
  const caseId = `case-${input.jurisdictionId}-${input.caseNo}`;
  await world.env.client.workflow.start(caseWorkflow, {
    taskQueue: CASE_TASK_QUEUE,
    workflowId: caseId,
    args: [input],
  });
  const c = new CaseDriver(world.env.client, caseId, world.activities);
  if (input.kind === 'accountabilityOnly') await c.decideTraceBackOpening('APPROVE');
  return c;
}

const listsOf = (caseId: string) =>
  [...world.activities.rectificationLists.values()].filter((l) => l.sourceCaseId === caseId);

describe('rectification from findings', () => {
  it('opens exactly one problem list from the findings when a case with findings closes', async () => {
    const c = await openCase(aCase());
    await c.decide('intake', 'decision', 'REGISTERED');
    await expect(
      c.case.executeUpdate(recordRectificationFindings, {
        args: [{ actorId: PEOPLE.outsider, items: findingsRows(await world.env.currentTimeMs(), ['P1']) }],
      }),
    ).rejects.toMatchObject({ cause: { type: 'RoleNotAllowed' } });
    await expect(
      c.case.executeUpdate(recordRectificationFindings, {
        args: [{ actorId: PEOPLE.caseOfficer, items: findingsRows(await world.env.currentTimeMs(), ['P1', 'P2']) }],
      }),
    ).resolves.toEqual({ items: 2 });
    await c.complete('clueDisposal', 'CLOSE_CLUE');
    await c.complete('closing', 'CLOSED');
    await expect(c.case.result()).resolves.toEqual({ status: 'CLOSED' });

    const state = await c.caseState();
    expect(state.rectification).toEqual({ findings: 2, listId: expect.stringMatching(/^rectification-/) });
    const listId = state.rectification!.listId!;
    const list = await eventually(async () => {
      const v = await world.env.client.workflow.getHandle(listId).query(getRectificationList);
      return v.items.length === 2 ? v : undefined;
    }, 'the list from the findings');
    expect(list).toMatchObject({ source: 'CASE_FINDINGS', sourceCaseId: c.caseId, status: 'OPEN' });
    expect(list.items.map((i) => [i.itemKey, i.responsiblePersonId])).toEqual([
      ['P1', 'p-unit-a-secretary'],
      ['P2', 'p-unit-a-secretary'],
    ]);
    expect(listsOf(c.caseId).map((l) => l.listId)).toEqual([listId]);
    expect(
      world.activities.auditActions(c.caseId).filter((a) => a === 'RECTIFICATION_LIST_FROM_FINDINGS'),
    ).toHaveLength(1);
    // The same source names the same list: a second start of it is refused, not a second list.
    await expect(
      world.env.client.workflow.start('rectificationList', {
        taskQueue: CASE_TASK_QUEUE,
        workflowId: listId,
        args: [],
      }),
    ).rejects.toThrow(WorkflowExecutionAlreadyStartedError);
  });

  it('opens no problem list for a case that closes without findings', async () => {
    const c = await openCase(aCase());
    await c.decide('intake', 'decision', 'TRANSFERRED');
    await expect(c.case.result()).resolves.toEqual({ status: 'CLOSED' });
    expect((await c.caseState()).rectification).toEqual({ findings: 0, listId: null });
    expect(listsOf(c.caseId)).toEqual([]);
    expect(world.activities.auditActions(c.caseId)).not.toContain('RECTIFICATION_LIST_FROM_FINDINGS');
  });

  it('opens a problem list from the findings of a decided responsibility review', async () => {
    const c = await openCase(
      aCase()
        .accountabilityOnly()
        .withMisconduct('u-county-health', ['p-0041'], [{ from: '2015-01-01', to: '2015-12-31' }], ['procurement']),
    );
    const a = new AccountabilityDriver(c);
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');
    const key = 'org-b-health-pg';
    await a.decide(key, 'factFinding', 'FACTS_ESTABLISHED');
    await expect(
      a.review(key).executeUpdate(recordRectificationFindings, {
        args: [{ actorId: PEOPLE.caseOfficer, items: findingsRows(await world.env.currentTimeMs(), ['R1']) }],
      }),
    ).resolves.toEqual({ items: 1 });
    await a.decide(key, 'hearing', 'HEARD');
    await a.decide(key, 'determination', 'MAIN_LEADERSHIP');
    await a.measures(key, 'proposal', 'PROPOSED', { forms: ['INSPECTION'], modifiers: [] });
    await a.approve(key, 'approval', 2);
    await a.commissionDecides(key);
    await a.decide(key, 'noticeServed', 'SERVED');
    await a.traceBack.result();

    const review = await a.review(key).query(getReviewState);
    expect(review.rectification).toEqual({ findings: 1, listId: expect.stringMatching(/^rectification-/) });
    const list = await eventually(async () => {
      const v = await world.env.client.workflow.getHandle(review.rectification!.listId!).query(getRectificationList);
      return v.items.length === 1 ? v : undefined;
    }, 'the list from the review');
    expect(list).toMatchObject({ source: 'ACCOUNTABILITY_DECISION', sourceCaseId: c.caseId });
    expect(listsOf(c.caseId)).toHaveLength(1);
  });
});
