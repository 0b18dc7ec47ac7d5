import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountabilityView, CaseDetail, Problem } from '../../libs/contracts/src/http';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { aCase } from '../builders/case.builder';
import { startAppStack, type AppStack } from '../support/app-stack';
import { eventually } from './support/eventually';
import { personClient, type PersonClient } from './support/http-client';
import { withAppLogs } from './support/app-logs';

/**
 * Issue 5, end to end: an admin loads the sample org with `PUT /org`, a scenario-A case (DOMAIN §9 A:
 * procurement kickbacks at the county health bureau) triggers both investigations, the county commission
 * drives the trace-back and the violation investigation over HTTP with the compressed policy (one day =
 * 2 s), and the case closes with primary and supervisory responsibility decided in the summary.
 */
const ADMIN = 'p-admin-e2e';
const SAMPLE_ORG = JSON.parse(readFileSync(join(__dirname, '../../infra/seed/sample-org.json'), 'utf8')) as Record<
  string,
  unknown[]
>;
/** County commission people of infra/seed/sample-org.json; roles and jurisdictions come from the org model. */
const COUNTY = {
  secretary: 'p-0025',
  leaderInCharge: 'p-0026',
  deputy: 'p-0027',
  officer: 'p-0028',
  trialReviewers: ['p-0030', 'p-0033'],
  caseManagementDirector: 'p-0031',
  caseManagementOfficer: 'p-0032',
  appealHandler: 'p-0034',
} as const;
/** The county commission's two investigators (审查调查室干部): the team of verification and investigation. */
const COUNTY_TEAM = [COUNTY.officer, 'p-0029'];
const JURISDICTION = 'u-county-committee';
const BASIS = [{ regulation: 'AR', revision: '2019', article: '8' }];
/** Li (secretary, procurement) bears primary responsibility, Zhao (resident discipline group) supervisory. */
const KEPT = ['person-p-0036', 'person-p-0040'];
const SCENARIO_A_KEYS = [
  'org-b-health-pg',
  'org-b-county-dg3',
  'person-p-0036',
  'person-p-0037',
  'person-p-0038',
  'person-p-0040',
];
/** An appeal window is a month of case time: about a minute here, plus slack for the worker and projection. */
const WINDOW_MS = 31 * 2_000 + 60_000;

type OpenTask = AccountabilityView['openTasks'][number];

describe('one case, two investigations over HTTP on the sample org (scenario A)', () => {
  let stack: AppStack;
  const clients = new Map<string, PersonClient>();
  const as = async (personId: string) => {
    if (!clients.has(personId)) clients.set(personId, await personClient(stack, personId, []));
    return clients.get(personId)!;
  };

  beforeAll(async () => {
    stack = await startAppStack({ ADMIN_PERSON_IDS: ADMIN });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function put(path: string, token: string, body: unknown) {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: (await res.json()) as unknown,
    };
  }

  const accountability = async (caseId: string) => {
    const res = await (
      await as(COUNTY.caseManagementOfficer)
    ).get<AccountabilityView | Problem>(`/cases/${caseId}/accountability`);
    if (res.status !== 200) throw new Error(`GET accountability: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AccountabilityView;
  };

  /** An open trace-back or review task, found on the accountability view (voters too find theirs there). */
  const reviewTask = (caseId: string, where: string, stage: string, kind: string, timeoutMs = 20_000) =>
    eventually(
      async () =>
        (await accountability(caseId)).openTasks.find(
          (t) => t.workflowId.endsWith(where) && t.stage === stage && t.kind === kind,
        ),
      `an open ${kind} ${stage} task of ${where}`,
      timeoutMs,
    );

  const violationTask = (caseId: string, stage: string, kind: string) =>
    eventually(
      async () =>
        (await (await as(COUNTY.caseManagementOfficer)).caseDetail(caseId)).openTasks?.find(
          (t) => t.workflowId.endsWith('/violation') && t.stage === stage && t.kind === kind,
        ),
      `an open ${kind} ${stage} task of the violation investigation`,
    );

  /**
   * Decides as the assignee (or the given voter). The live queries show a task before the read model the
   * task routes look it up in (an async projection), so TASK_NOT_FOUND is retried, bounded.
   */
  async function decide(task: Pick<OpenTask, 'taskId' | 'version' | 'assigneeId'>, outcome: string, actor?: string) {
    const client = await as(actor ?? task.assigneeId!);
    // Preliminary verification and investigation are a team's work (DOMAIN §2): the proposal opening them names it.
    const team = outcome === 'PRELIM_VERIFY' || outcome === 'FILED' ? { teamIds: COUNTY_TEAM } : {};
    const body = { taskVersion: task.version, outcome, comment: `${outcome} (e2e)`, basis: BASIS, ...team };
    const key = `e2e-${task.taskId}-${task.version}-${client.personId}`;
    const res = await eventually(async () => {
      const r = await client.post<Problem>(`/tasks/${task.taskId}/decision`, body, key);
      return r.status === 404 && r.body.code === 'TASK_NOT_FOUND' ? undefined : r;
    }, `task ${task.taskId} in the read model`);
    if (res.status !== 200) throw new Error(`${outcome} on ${task.taskId}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Standing-committee members vote one after another until the majority closes the task. */
  async function vote(find: () => Promise<OpenTask | undefined>, outcome: string, voters: string[]) {
    for (const voter of voters) {
      const task = await find();
      if (!task) return;
      await decide(task, outcome, voter);
      await eventually(async () => {
        const now = await find();
        return !now || now.version > task.version ? true : undefined;
      }, `${voter}'s vote counted`);
    }
  }

  /** One review from fact finding to a served decision of the commission, over HTTP as each assignee. */
  async function review(caseId: string, key: string, determination: string, measures: object) {
    // Review workflow ids are opaque: the trace-back's live state maps the candidate to its review.
    const where = await eventually(
      async () => (await accountability(caseId)).live?.reviews.find((r) => r.candidateKey === key)?.workflowId,
      `the review of ${key}`,
    );
    await decide(await reviewTask(caseId, where, 'factFinding', 'decision'), 'FACTS_ESTABLISHED');
    await decide(await reviewTask(caseId, where, 'hearing', 'decision'), 'HEARD');
    await decide(await reviewTask(caseId, where, 'determination', 'decision'), determination);
    const proposal = await reviewTask(caseId, where, 'proposal', 'decision');
    const proposer = await as(proposal.assigneeId!);
    const proposed = await eventually(async () => {
      const r = await proposer.post<{ stage: string; warnings: string[] } | Problem>(
        `/tasks/${proposal.taskId}/accountability-decision`,
        { taskVersion: proposal.version, outcome: 'PROPOSED', measures, basis: BASIS },
        `e2e-${proposal.taskId}-proposal`,
      );
      return r.status === 404 ? undefined : r;
    }, `proposal task ${proposal.taskId} in the read model`);
    expect({ status: proposed.status, stage: (proposed.body as { stage: string }).stage }).toEqual({
      status: 200,
      stage: 'proposal',
    });
    for (let level = 0; level < 2; level++) {
      await decide(await reviewTask(caseId, where, 'approval', 'approval'), 'APPROVE');
    }
    const decision = () =>
      accountability(caseId).then((v) =>
        v.openTasks.find(
          (t) => t.workflowId.endsWith(where) && t.stage === 'decision' && t.kind === 'collectiveDecision',
        ),
      );
    await reviewTask(caseId, where, 'decision', 'collectiveDecision');
    await vote(decision, 'DECIDE', [COUNTY.secretary, COUNTY.leaderInCharge, COUNTY.deputy]);
    await decide(await reviewTask(caseId, where, 'noticeServed', 'decision'), 'SERVED');
  }

  it('loads the org via PUT /org, triggers the trace-back, decides primary and supervisory responsibility and closes the case', async () => {
    await withAppLogs(stack, async () => {
      const started = Date.now();
      // While the org tables are empty the dev issuer's claims stand in; ADMIN_PERSON_IDS makes this an admin.
      const admin = await stack.token(ADMIN, ['admin']);
      const loaded = await put('/org', admin, SAMPLE_ORG);
      expect(loaded.status).toBe(200);
      expect((loaded.body as { counts: Record<string, number> }).counts).toMatchObject({
        units: SAMPLE_ORG.units.length,
      });

      // A model with bad rows is refused as a whole, every bad row named, and the stored model is unchanged.
      const broken = {
        ...SAMPLE_ORG,
        tenures: [
          ...SAMPLE_ORG.tenures,
          { ...(SAMPLE_ORG.tenures[0] as object), id: 't-e2e-bad-1', positionId: 'pos-nowhere' },
          { ...(SAMPLE_ORG.tenures[0] as object), id: 't-e2e-bad-2', personId: 'p-nobody' },
        ],
      };
      const refused = await put('/org', admin, broken);
      expect(refused.status).toBe(422);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'ORG_INVALID' });
      expect((refused.body as Problem).errors!.length).toBeGreaterThanOrEqual(2);
      const exported = await fetch(`${stack.baseUrl}/org`, { headers: { authorization: `Bearer ${admin}` } });
      expect(exported.status).toBe(200);
      const model = (await exported.json()) as Record<string, unknown[]>;
      expect(model.tenures).toHaveLength(SAMPLE_ORG.tenures.length);
      expect(model.units).toHaveLength(SAMPLE_ORG.units.length);
      // Roles come from the org model now: a commission investigator may not export it.
      expect((await (await as(COUNTY.officer)).get<Problem>('/org')).status).toBe(403);

      // Scenario A, opened by the county commission's case-management office with the compressed policy.
      const caseNo = `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
      const {
        openedBy: _o,
        requestKey: _r,
        ...body
      } = aCase().withCaseNo(caseNo).withPolicy(COMPRESSED_POLICY.version).inScenarioA().build();
      const cmo = await as(COUNTY.caseManagementOfficer);
      const { caseId } = await cmo.openCase({
        ...body,
        jurisdictionId: JURISDICTION,
        participants: {
          caseManagementOfficerId: COUNTY.caseManagementOfficer,
          caseOfficerId: COUNTY.officer,
          leaderInChargeId: COUNTY.leaderInCharge,
          principalLeaderId: COUNTY.secretary,
          deputyLeaderIds: [COUNTY.deputy],
          higherCommissionLeaderId: 'p-0003',
          higherCommissionCaseManagementId: 'p-0007',
          trialReviewerIds: [...COUNTY.trialReviewers],
          trialOfficeDirectorId: 'p-0033',
          standingCommitteeIds: [COUNTY.secretary, COUNTY.leaderInCharge, COUNTY.deputy],
          appealHandlerId: COUNTY.appealHandler,
          superiorOf: { [COUNTY.officer]: COUNTY.caseManagementDirector },
        },
      });

      const leader = await as(COUNTY.leaderInCharge);
      const suggested = await eventually(async () => {
        const d = await leader.caseDetail(caseId);
        return d.dualInvestigation?.suggested ? d : undefined;
      }, 'the dual-investigation suggestion');
      expect(suggested.dualInvestigation?.reasons.length).toBeGreaterThan(0);
      const triggered = await leader.post(`/cases/${caseId}/dual-investigation`, {
        decision: 'TRIGGER',
        reason: 'kickbacks over 30 months, two complaints ignored',
      });
      expect(triggered.status).toBe(200);
      // AR art. 9: the leader in charge's TRIGGER is a request; Secretary Gao (the principal leader) opens it.
      const request = triggered.body as { decision: string; approvalTaskId: string };
      expect(request.decision).toBe('TRIGGER_REQUESTED');
      const approval = await eventually(async () => {
        const r = await (
          await as(COUNTY.secretary)
        ).post<Problem>(`/tasks/${request.approvalTaskId}/decision`, { taskVersion: 1, outcome: 'APPROVE' });
        return r.status === 404 && r.body.code === 'TASK_NOT_FOUND' ? undefined : r;
      }, 'the trace-back opening approval in the read model');
      expect(approval.status).toBe(200);

      // The trace-back computes scenario A's candidates from the org just loaded.
      const proposed = await eventually(
        async () => {
          const v = await accountability(caseId);
          return v.live?.stage === 'candidateConfirmation' ? v : undefined;
        },
        'candidates computed',
        30_000,
      );
      expect(proposed.traceBack).toBe('RUNNING');
      expect(proposed.live!.candidates.map((c) => c.candidateKey)).toEqual(SCENARIO_A_KEYS);
      expect(proposed.live!.snapshotHash).toMatch(/^[0-9a-f]{64}$/);

      // Staff add a candidate with a reason; everyone but Li and Zhao is then removed, each removal approved by
      // the leader in charge, which keeps the reviews (and the real minutes of appeal windows) to two.
      const officer = await as(COUNTY.officer);
      const added = await officer.post(`/cases/${caseId}/trace-back/candidates`, {
        target: 'person',
        personId: 'p-0039',
        responsibility: 'primaryResponsibility',
        suggestedType: 'IMPORTANT_LEADERSHIP',
        reason: 'attended the 2023 personnel meeting',
      });
      expect(added).toMatchObject({ status: 200, body: { candidateKey: 'person-p-0039', candidates: 7 } });
      const toRemove = [...SCENARIO_A_KEYS.filter((k) => !KEPT.includes(k)), 'person-p-0039'];
      for (const key of toRemove) {
        const removal = await officer.post<{ approvalTaskId: string } | Problem>(
          `/cases/${caseId}/trace-back/candidates/${key}/removal`,
          { reason: 'handled in another case' },
        );
        expect(removal.status).toBe(200);
        const approval = await reviewTask(caseId, '/trace-back', 'candidateRemoval', 'approval');
        expect(approval.taskId).toBe((removal.body as { approvalTaskId: string }).approvalTaskId);
        await decide(approval, 'APPROVE');
      }
      const narrowed = await eventually(async () => {
        const v = await accountability(caseId);
        return v.live?.candidates.length === KEPT.length && v.live.pendingRemovals.length === 0 ? v : undefined;
      }, 'removals applied');
      expect(narrowed.live!.candidates.map((c) => c.candidateKey)).toEqual(KEPT);
      await decide(await reviewTask(caseId, '/trace-back', 'candidateConfirmation', 'decision'), 'CONFIRM');

      // The two reviews run in parallel with the violation investigation.
      await Promise.all([
        review(caseId, 'person-p-0036', 'MAIN_LEADERSHIP', { forms: ['CIRCULATE'], modifiers: [] }),
        review(caseId, 'person-p-0040', 'MAIN_LEADERSHIP', {
          forms: ['CIRCULATE'],
          modifiers: [{ kind: 'HEAVIER', text: 'ignored two complaints' }],
        }),
        (async () => {
          const steps: [string, string, string][] = [
            ['intake', 'decision', 'REGISTERED'],
            ['clueDisposal', 'decision', 'PRELIM_VERIFY'],
            ['clueDisposal', 'approval', 'APPROVE'],
            ['preliminaryVerification', 'decision', 'FILE_CASE'],
            ['preliminaryVerification', 'approval', 'APPROVE'],
            ['filing', 'decision', 'FILED'],
            ['filing', 'approval', 'APPROVE'],
            ['investigation', 'decision', 'TO_TRIAL'],
            ['investigation', 'approval', 'APPROVE'],
            ['trialReview', 'decision', 'AGREE'],
            // WR art. 55: the second reviewer, the trial office director, then the principal leader.
            ['trialReview', 'approval', 'APPROVE'],
            ['trialReview', 'approval', 'APPROVE'],
            ['trialReview', 'approval', 'APPROVE'],
          ];
          let last: OpenTask | undefined;
          for (const [stage, kind, outcome] of steps) {
            const task = await eventually(async () => {
              const t = await violationTask(caseId, stage, kind);
              return t.taskId !== last?.taskId ? t : undefined;
            }, `the next ${stage} ${kind}`);
            await decide(task, outcome);
            last = task;
          }
          const sanction = () =>
            cmo
              .caseDetail(caseId)
              .then((d: CaseDetail) =>
                d.openTasks?.find((t) => t.stage === 'sanction' && t.kind === 'collectiveDecision'),
              );
          await violationTask(caseId, 'sanction', 'collectiveDecision');
          await vote(sanction, 'WARNING', [COUNTY.secretary, COUNTY.leaderInCharge, COUNTY.deputy]);
          await decide(await violationTask(caseId, 'closing', 'decision'), 'CLOSED');
          await decide(await violationTask(caseId, 'closing', 'approval'), 'APPROVE');
        })(),
      ]);

      // Nobody appeals: once the appeal windows (a month each) pass, the trace-back concludes and the case closes.
      const concluded = await eventually(
        async () => {
          const v = await accountability(caseId);
          return v.traceBack === 'CONCLUDED' && v.summary ? v : undefined;
        },
        'the trace-back concluded with a summary',
        WINDOW_MS,
      );
      const summary = concluded.summary!;
      expect(summary.primaryResponsibility.map((e) => [e.candidateKey, e.outcome, e.finalMeasures.forms])).toEqual([
        ['person-p-0036', 'HELD_ACCOUNTABLE', ['CIRCULATE']],
      ]);
      expect(
        summary.supervisoryResponsibility.map((e) => [
          e.candidateKey,
          e.outcome,
          e.finalMeasures.forms,
          e.finalMeasures.modifiers.map((m) => m.kind),
        ]),
      ).toEqual([['person-p-0040', 'HELD_ACCOUNTABLE', ['CIRCULATE'], ['HEAVIER']]]);
      expect(summary.removedCandidates.map((r) => r.candidateKey).sort()).toEqual([...toRemove].sort());
      expect(summary.snapshotHash).toBe(proposed.live!.snapshotHash);

      const closed = await eventually(
        async () => {
          const d = await cmo.caseDetail(caseId);
          return d.case.status === 'CLOSED' ? d : undefined;
        },
        'the case CLOSED after the trace-back concluded',
        WINDOW_MS,
      );
      expect(closed.children.map((c) => [c.role, c.status]).sort()).toEqual([
        ['traceBack', 'CONCLUDED'],
        ['violation', 'CONCLUDED'],
      ]);
      // The summary stays readable from the read model once the workflows are done.
      expect((await accountability(caseId)).summary).toEqual(summary);
      expect(Date.now() - started).toBeLessThan(6 * 60_000);
    });
  }, 420_000);
});
