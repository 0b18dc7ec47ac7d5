import { randomUUID } from 'node:crypto';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { CaseList, Problem } from '../../libs/contracts/src/http';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { aCase, PEOPLE } from '../builders/case.builder';
import { startAppStack, type AppStack } from '../support/app-stack';
import { testDataConverter } from '../support/payload-keys';
import { eventually } from './support/eventually';
import { personClient, type PersonClient } from './support/http-client';
import { agreedViews, type ThreeViews, type ViewSources } from './support/three-views';
import { withAppLogs } from './support/app-logs';

/**
 * Issue 4, end to end: the gateway and the worker as separate processes over HTTP, on the run's Temporal
 * dev server and PostgreSQL, with the compressed policy (one calendar day = 2 s). After every step the
 * API, the read model and the workflows' own queries must agree.
 */
const POLICY = COMPRESSED_POLICY.version;
const JURISDICTION = 'u-county-x';
const BASIS = [{ regulation: 'CPC Disciplinary Regulations', revision: '2023', article: '28' }];

/** The real instant at which a case-time instant arrives (case time runs 1/timeScale faster from openedAt). */
function realTimeOf(caseTimeIso: string, openedAtIso: string): number {
  const openedAt = Date.parse(openedAtIso);
  return openedAt + (Date.parse(caseTimeIso) - openedAt) * COMPRESSED_POLICY.timeScale;
}

/** How long to wait, bounded, for a case-time instant to pass, with slack for the worker and projection. */
function timeoutUntil(caseTimeIso: string, openedAtIso: string, slackMs = 20_000): number {
  return Math.max(0, realTimeOf(caseTimeIso, openedAtIso) - Date.now()) + slackMs;
}

describe('a violation case over HTTP with the compressed policy', () => {
  let stack: AppStack;
  let db: PgClient;
  let connection: Connection;
  let sources: ViewSources;
  const people = {} as Record<
    | 'caseManagement'
    | 'officer'
    | 'leader'
    | 'principal'
    | 'trialReviewer'
    | 'secondReviewer'
    | 'trialDirector'
    | 'deputy'
    | 'memberXu'
    | 'memberHe',
    PersonClient
  >;

  beforeAll(async () => {
    stack = await startAppStack();
    db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    connection = await Connection.connect({ address: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS });
    const as = (personId: string) => personClient(stack, personId, ['staff'], [JURISDICTION]);
    people.caseManagement = await as(PEOPLE.caseManagementOfficer);
    people.officer = await as(PEOPLE.caseOfficer);
    people.leader = await as(PEOPLE.leaderInCharge);
    people.principal = await as(PEOPLE.principalLeader);
    people.trialReviewer = await as(PEOPLE.trialReviewers[0]);
    people.secondReviewer = await as(PEOPLE.trialReviewers[1]);
    people.trialDirector = await as(PEOPLE.trialOfficeDirector);
    people.deputy = await as(PEOPLE.deputy2);
    people.memberXu = await as('p-member-xu');
    people.memberHe = await as('p-member-he');
    sources = {
      reader: people.caseManagement,
      db,
      temporal: new TemporalClient({ connection, dataConverter: testDataConverter() }),
    };
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await connection?.close();
    await stack?.stop();
  });

  async function openCompressedCase(opener: PersonClient) {
    // Case numbers are never reused on a Temporal server, and the run's server is shared by every e2e file.
    const caseNo = `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
    const { openedBy: _o, requestKey: _r, ...body } = aCase().withCaseNo(caseNo).withPolicy(POLICY).build();
    return opener.openCase(body);
  }

  const openTask = (v: ThreeViews, stage: string, kind: string, assigneeId: string) =>
    v.http.openTasks?.some((t) => t.stage === stage && t.kind === kind && t.assigneeId === assigneeId) ?? false;

  interface Step {
    actor: PersonClient;
    /** Someone on the case who does not hold this task. */
    intruder: PersonClient;
    stage: string;
    kind: 'decision' | 'approval';
    outcome: string;
    /** The team a proposal opening preliminary verification or investigation names (DOMAIN §2). */
    teamIds?: string[];
    /** What the case must look like once the decision is in. */
    then: {
      stage: string;
      open?: { stage: string; kind: string; assigneeId: string };
      also?: (v: ThreeViews) => boolean;
    };
  }

  /**
   * One step as people take it: the assignee finds the task in their own inbox, someone else's attempt is
   * refused with the 403 problem, the assignee decides with an Idempotency-Key, and the three views agree.
   */
  async function takeStep(caseId: string, step: Step): Promise<ThreeViews> {
    const task = await step.actor.findInInbox(caseId, step.stage, step.kind);
    expect(task.allowedOutcomes).toContain(step.outcome);

    const refused = await step.intruder.decide(task.taskId, { taskVersion: task.version, outcome: step.outcome });
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');
    expect((refused.body as Problem).code).toBe('NOT_ASSIGNEE');

    const decided = await step.actor.decide(task.taskId, {
      taskVersion: task.version,
      outcome: step.outcome,
      comment: `${step.stage}: ${step.outcome}`,
      basis: BASIS,
      ...(step.teamIds && { teamIds: step.teamIds }),
    });
    expect({ status: decided.status, body: decided.body }).toEqual({
      status: 200,
      body: { taskId: task.taskId, outcome: step.outcome, stage: step.stage },
    });

    const views = await agreedViews(
      sources,
      caseId,
      (v) =>
        v.investigation?.tasks.find((t) => t.taskId === task.taskId)?.status === 'DECIDED' &&
        v.caseState.stage === step.then.stage &&
        (!step.then.open || openTask(v, step.then.open.stage, step.then.open.kind, step.then.open.assigneeId)) &&
        (!step.then.also || step.then.also(v)),
      `${step.actor.personId} decided ${step.stage} ${step.kind} → ${step.outcome}`,
    );
    const row = views.taskRows.find((r) => r.task_id === task.taskId);
    expect(row).toMatchObject({ status: 'DECIDED', assignee_id: step.actor.personId, version: task.version + 1 });
    return views;
  }

  it('takes a case from intake to CLOSED with each person deciding their own task from their inbox, the API, read model and workflow agreeing after every step', async () => {
    await withAppLogs(stack, async () => {
      const { caseManagement: cmo, officer, leader, principal, trialReviewer, secondReviewer, trialDirector } = people;
      const created = await openCompressedCase(cmo);
      const caseId = created.caseId;
      expect(created).toMatchObject({ caseId: `case-${JURISDICTION}-${created.caseNo}`, status: 'OPEN' });

      const opened = await agreedViews(
        sources,
        caseId,
        (v) => v.caseState.stage === 'intake' && openTask(v, 'intake', 'decision', cmo.personId),
        'the case opened in intake',
      );
      expect(opened.http.case.policyVersion).toBe(POLICY);
      expect(opened.row.status).toBe('OPEN');

      // Intake, with a retry of the same decision under the same Idempotency-Key answered, not re-applied.
      const intake = await cmo.findInInbox(caseId, 'intake', 'decision');
      const refused = await officer.decide(intake.taskId, { taskVersion: intake.version, outcome: 'REGISTERED' });
      expect(refused.status).toBe(403);
      expect((refused.body as Problem).code).toBe('NOT_ASSIGNEE');
      const key = `e2e-intake-${randomUUID()}`;
      const registered = await cmo.post(
        `/tasks/${intake.taskId}/decision`,
        { taskVersion: intake.version, outcome: 'REGISTERED' },
        key,
      );
      const retried = await cmo.post(
        `/tasks/${intake.taskId}/decision`,
        { taskVersion: intake.version, outcome: 'REGISTERED' },
        key,
      );
      expect(registered.status).toBe(200);
      expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: registered.body });
      await agreedViews(
        sources,
        caseId,
        (v) => v.caseState.stage === 'clueDisposal' && openTask(v, 'clueDisposal', 'decision', officer.personId),
        'intake registered',
      );

      const steps: Step[] = [
        {
          actor: officer,
          intruder: cmo,
          stage: 'clueDisposal',
          kind: 'decision',
          outcome: 'PRELIM_VERIFY',
          teamIds: [PEOPLE.caseOfficer, PEOPLE.teamMember],
          then: {
            stage: 'clueDisposal',
            open: { stage: 'clueDisposal', kind: 'approval', assigneeId: leader.personId },
          },
        },
        {
          actor: leader,
          intruder: officer,
          stage: 'clueDisposal',
          kind: 'approval',
          outcome: 'APPROVE',
          then: {
            stage: 'preliminaryVerification',
            open: { stage: 'preliminaryVerification', kind: 'decision', assigneeId: officer.personId },
          },
        },
        {
          actor: officer,
          intruder: leader,
          stage: 'preliminaryVerification',
          kind: 'decision',
          outcome: 'FILE_CASE',
          then: {
            stage: 'preliminaryVerification',
            open: { stage: 'preliminaryVerification', kind: 'approval', assigneeId: principal.personId },
          },
        },
        {
          actor: principal,
          intruder: leader,
          stage: 'preliminaryVerification',
          kind: 'approval',
          outcome: 'APPROVE',
          then: { stage: 'filing', open: { stage: 'filing', kind: 'decision', assigneeId: officer.personId } },
        },
        {
          actor: officer,
          intruder: cmo,
          stage: 'filing',
          kind: 'decision',
          outcome: 'FILED',
          teamIds: [PEOPLE.caseOfficer, PEOPLE.teamMember],
          // DOMAIN §2: filing is approved by the principal leader (and, for a committee cadre, the committee's).
          then: { stage: 'filing', open: { stage: 'filing', kind: 'approval', assigneeId: principal.personId } },
        },
        {
          actor: principal,
          intruder: leader,
          stage: 'filing',
          kind: 'approval',
          outcome: 'APPROVE',
          then: {
            stage: 'investigation',
            open: { stage: 'investigation', kind: 'decision', assigneeId: officer.personId },
          },
        },
        {
          actor: officer,
          intruder: trialReviewer,
          stage: 'investigation',
          kind: 'decision',
          outcome: 'TO_TRIAL',
          then: {
            stage: 'investigation',
            open: { stage: 'investigation', kind: 'approval', assigneeId: leader.personId },
          },
        },
        {
          actor: leader,
          intruder: officer,
          stage: 'investigation',
          kind: 'approval',
          outcome: 'APPROVE',
          then: {
            stage: 'trialReview',
            open: { stage: 'trialReview', kind: 'decision', assigneeId: trialReviewer.personId },
          },
        },
        // The case officer investigated, so WR art. 59 bars them from the trial review (409 RECUSED_APPROVER);
        // the intruder here is someone merely not assigned.
        {
          actor: trialReviewer,
          intruder: cmo,
          stage: 'trialReview',
          kind: 'decision',
          outcome: 'AGREE',
          then: {
            stage: 'trialReview',
            open: { stage: 'trialReview', kind: 'approval', assigneeId: secondReviewer.personId },
          },
        },
        // WR art. 55: a second reviewer co-signs (the proposing reviewer cannot), then the trial office director.
        {
          actor: secondReviewer,
          intruder: trialReviewer,
          stage: 'trialReview',
          kind: 'approval',
          outcome: 'APPROVE',
          then: {
            stage: 'trialReview',
            open: { stage: 'trialReview', kind: 'approval', assigneeId: trialDirector.personId },
          },
        },
        {
          actor: trialDirector,
          intruder: secondReviewer,
          stage: 'trialReview',
          kind: 'approval',
          outcome: 'APPROVE',
          then: {
            stage: 'trialReview',
            open: { stage: 'trialReview', kind: 'approval', assigneeId: principal.personId },
          },
        },
        {
          actor: principal,
          intruder: trialReviewer,
          stage: 'trialReview',
          kind: 'approval',
          outcome: 'APPROVE',
          then: {
            stage: 'sanction',
            open: { stage: 'sanction', kind: 'collectiveDecision', assigneeId: principal.personId },
          },
        },
      ];
      for (const step of steps) await takeStep(caseId, step);

      // Sanction: the standing committee votes (5 members, majority 3). The principal leader finds the
      // vote in the inbox; the other members find it on the case. Each vote moves the task's version.
      const vote = await principal.findInInbox(caseId, 'sanction', 'collectiveDecision');
      const notAVoter = await officer.decide(vote.taskId, { taskVersion: vote.version, outcome: 'WARNING' });
      expect(notAVoter.status).toBe(403);
      expect((notAVoter.body as Problem).code).toBe('NOT_ASSIGNEE');
      const ballots: [PersonClient, string, string | undefined][] = [
        [principal, 'WARNING', undefined],
        [people.deputy, 'SERIOUS_WARNING', 'the amounts call for a serious warning'],
        [leader, 'WARNING', undefined],
        [people.memberXu, 'WARNING', undefined],
      ];
      for (const [voter, outcome, reason] of ballots) {
        const seen = (await voter.caseDetail(caseId)).openTasks?.find((t) => t.taskId === vote.taskId);
        expect(seen).toBeDefined();
        const res = await voter.decide(vote.taskId, {
          taskVersion: seen!.version,
          outcome,
          basis: BASIS,
          ...(reason && { reason }),
        });
        expect(res.status).toBe(200);
        const last = voter === people.memberXu;
        await agreedViews(
          sources,
          caseId,
          (v) => {
            const t = v.investigation?.tasks.find((x) => x.taskId === vote.taskId);
            return last
              ? t?.status === 'DECIDED' &&
                  v.caseState.stage === 'closing' &&
                  openTask(v, 'closing', 'decision', cmo.personId)
              : t?.status === 'OPEN' && t.version === seen!.version + 1;
          },
          `${voter.personId} voted ${outcome}`,
        );
      }
      const sanctionRow = (
        await db.query<{ outcome: string }>(`SELECT outcome FROM case_tasks WHERE task_id = $1`, [vote.taskId])
      ).rows[0];
      expect(sanctionRow.outcome).toBe('WARNING');

      await takeStep(caseId, {
        actor: cmo,
        intruder: officer,
        stage: 'closing',
        kind: 'decision',
        outcome: 'CLOSED',
        then: { stage: 'closing', open: { stage: 'closing', kind: 'approval', assigneeId: leader.personId } },
      });
      const inWindow = await takeStep(caseId, {
        actor: leader,
        intruder: cmo,
        stage: 'closing',
        kind: 'approval',
        outcome: 'APPROVE',
        then: { stage: 'appealWindow', also: (v) => v.caseState.deadlineAt !== null },
      });
      expect(inWindow.http.openTasks).toEqual([]);
      expect(inWindow.row.status).toBe('OPEN');
      const windowEndsAt = inWindow.caseState.deadlineAt;
      expect(inWindow.http.case.deadlineAt).toBe(windowEndsAt);

      // Nobody appeals: once the month (about a minute of real time) has passed, the case closes.
      const closed = await agreedViews(
        sources,
        caseId,
        (v) => v.caseState.status === 'CLOSED',
        'the appeal window passed and the case closed',
        timeoutUntil(windowEndsAt ?? '', inWindow.caseState.openedAt),
      );
      expect(closed.caseState.stage).toBe('closed');
      expect(closed.http.case).toMatchObject({ status: 'CLOSED', stage: 'closed', overdue: false });
      expect(closed.row).toMatchObject({ status: 'CLOSED', stage: 'closed' });
      expect(closed.row.closed_at).not.toBeNull();
      expect(closed.http.children).toEqual([
        expect.objectContaining({ role: 'violation', status: 'CONCLUDED', stage: 'concluded' }),
      ]);
      expect(closed.taskRows.every((r) => r.status === 'DECIDED')).toBe(true);
      expect(closed.http.timeline?.map((e) => e.action)).toEqual(
        expect.arrayContaining(['APPEAL_WINDOW_CLOSED', 'CHILD_CONCLUDED']),
      );

      const list = await cmo.get<CaseList>('/cases?status=CLOSED');
      expect(list.body.items.map((c) => c.caseId)).toContain(caseId);
      const decisions = await db.query<{ actor_id: string }>(
        'SELECT DISTINCT actor_id FROM case_decisions WHERE case_id = $1',
        [caseId],
      );
      expect(decisions.rows.map((r) => r.actor_id).sort()).toEqual(
        [cmo, officer, leader, principal, trialReviewer, secondReviewer, trialDirector, people.deputy, people.memberXu]
          .map((p) => p.personId)
          .sort(),
      );
    });
  }, 300_000);

  it('reminds, then escalates an undecided intake task to the superior and to case management, flags the case overdue and puts the task first in the inbox', async () => {
    await withAppLogs(stack, async () => {
      const cmo = people.caseManagement;
      const { caseId } = await openCompressedCase(cmo);
      const intake = await cmo.findInInbox(caseId, 'intake', 'decision');
      const opened = await agreedViews(
        sources,
        caseId,
        (v) => openTask(v, 'intake', 'decision', cmo.personId),
        'the intake task is open',
      );
      const openedAt = opened.caseState.openedAt;
      expect(opened.http.case.overdue).toBe(false);

      type Notice = { kind: string; level: number; recipient_role: string; recipient_id: string; task_id: string };
      const noticeAt = (level: number, timeoutMs: number) =>
        eventually(
          async () =>
            (
              await db.query<Notice>(
                'SELECT kind, level, recipient_role, recipient_id, task_id FROM case_notifications WHERE case_id = $1 AND level = $2',
                [caseId, level],
              )
            ).rows[0],
          `notification level ${level} of ${caseId}`,
          timeoutMs,
        );
      const taskAt = (level: number) => (v: ThreeViews) =>
        v.taskRows.find((r) => r.task_id === intake.taskId)?.escalation_level === level;
      const dueTimeout = timeoutUntil(intake.dueAt, openedAt);

      // T − 3 wd: the assignee is reminded; the task is not overdue yet.
      expect(await noticeAt(0, dueTimeout)).toEqual({
        kind: 'reminder',
        level: 0,
        recipient_role: 'assignee',
        recipient_id: cmo.personId,
        task_id: intake.taskId,
      });
      const reminded = await agreedViews(sources, caseId, taskAt(0), 'the reminder projected');
      expect(reminded.http.case.overdue).toBe(false);

      // T: the assignee's superior (here the leader in charge) is told, and the case turns overdue.
      expect(await noticeAt(1, dueTimeout)).toEqual({
        kind: 'escalation',
        level: 1,
        recipient_role: 'superior',
        recipient_id: PEOPLE.leaderInCharge,
        task_id: intake.taskId,
      });
      const atSuperior = await agreedViews(
        sources,
        caseId,
        (v) => taskAt(1)(v) && v.row.overdue,
        'escalated to the superior',
      );
      expect(atSuperior.http.case).toMatchObject({ overdue: true, escalationLevel: 1 });
      expect(atSuperior.row).toMatchObject({ overdue: true, escalation_level: 1 });
      expect(atSuperior.taskRows.find((r) => r.task_id === intake.taskId)?.warning_level).toBe('overdue');

      // T + 2 wd: case management is told.
      const step2 = await noticeAt(2, 60_000);
      expect(step2).toEqual({
        kind: 'escalation',
        level: 2,
        recipient_role: 'caseManagement',
        recipient_id: cmo.personId,
        task_id: intake.taskId,
      });
      const atCaseManagement = await agreedViews(sources, caseId, taskAt(2), 'escalated to case management');
      expect(atCaseManagement.http.case).toMatchObject({ overdue: true, escalationLevel: 2 });
      expect(atCaseManagement.http.openTasks).toEqual([
        expect.objectContaining({ taskId: intake.taskId, escalationLevel: 2, warningLevel: 'overdue' }),
      ]);

      // A fresh task of another case arrives in the same inbox; the overdue one still comes first.
      const fresh = await openCompressedCase(cmo);
      const freshTask = await cmo.findInInbox(fresh.caseId, 'intake', 'decision');
      const inbox = await cmo.inbox();
      expect(inbox[0]).toMatchObject({ taskId: intake.taskId, caseId, overdue: true, escalationLevel: 2 });
      expect(inbox.find((t) => t.taskId === freshTask.taskId)).toMatchObject({ overdue: false, escalationLevel: 0 });
    });
  }, 240_000);
});
