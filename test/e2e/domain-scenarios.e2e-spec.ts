import type {
  AccountabilityView,
  AuditLog,
  AuditVerification,
  CaseList,
  InboxTask,
  OpenTask,
  Problem,
} from '../../libs/contracts/src/http';
import { shanghaiLocalDate } from '../../libs/domain/src/calendar';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { createDataSource, loadSampleOrgIfEmpty } from '../../libs/persistence/src';
import { aCase, type CaseBuilder } from '../builders/case.builder';
import { startAppStack, type AppStack } from '../support/app-stack';
import { eventually } from './support/eventually';
import { personClient, type PersonClient } from './support/http-client';

/**
 * DOMAIN §9 scenarios A, B and C over HTTP on the sample org (infra/seed/sample-org.json), with the
 * compressed policy (one calendar day = 2 s): every step is taken by the person the scenario names, with
 * their own dev token (roles and jurisdictions from the org model), and checked against what DOMAIN says.
 */
const JURISDICTION = 'u-county-committee';
/** County commission (清水县纪委监委) and county committee people of the sample org, by their scenario names. */
const P = {
  gao: 'p-0025', // Secretary Gao, the principal leader
  wang: 'p-0026', // Deputy Secretary Wang, the leader in charge
  zhou: 'p-0027', // Deputy Secretary Zhou
  ma: 'p-0028', // Officer Ma, case officer
  liu: 'p-0029', // Investigator Liu
  tang: 'p-0030', // Reviewer Tang (trial office)
  song: 'p-0031', // case-management director
  hu: 'p-0032', // case-management officer
  liang: 'p-0033', // trial office director
  ye: 'p-0034', // appeals officer
  du: 'p-0024', // county party secretary
  cityLeader: 'p-0003',
  cityCaseManagement: 'p-0007',
  // Scenario A, county health bureau: Li secretary, Chen procurement, Sun (dissent recorded), Zhao discipline group.
  liA: 'p-0036',
  chen: 'p-0037',
  sun: 'p-0038',
  zhao: 'p-0040',
  zhang: 'p-0041',
  // Scenario B, county natural resources bureau: Li secretary until 2020-12-31, Qian since 2021-01-05.
  liB: 'p-0042',
  qian: 'p-0043',
  // Scenario C, city construction investment group (市城投集团): Feng its discipline secretary, He the subject.
  feng: 'p-0020',
  he: 'p-0022',
} as const;
const BASIS = [{ regulation: 'CPC Disciplinary Regulations', revision: '2023', article: '28' }];
const AR_BASIS = [{ regulation: 'AR', revision: '2019', article: '8' }];
/** A month of case time is about a minute here; the windows close on their own, plus slack for the projection. */
const MONTH_MS = 31 * 2_000 + 60_000;

const countyParticipants = (patch: Record<string, unknown> = {}) => ({
  caseManagementOfficerId: P.hu,
  caseOfficerId: P.ma,
  leaderInChargeId: P.wang,
  principalLeaderId: P.gao,
  deputyLeaderIds: [P.zhou],
  higherCommissionLeaderId: P.cityLeader,
  higherCommissionCaseManagementId: P.cityCaseManagement,
  trialReviewerIds: [P.tang, P.liang],
  standingCommitteeIds: [P.gao, P.wang, P.zhou],
  appealHandlerId: P.ye,
  superiorOf: { [P.ma]: P.song },
  ...patch,
});

async function seedSampleOrg(databaseUrl: string): Promise<void> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  try {
    await loadSampleOrgIfEmpty(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

describe('DOMAIN §9 scenarios over HTTP with the compressed policy', () => {
  let stack: AppStack;
  const clients = new Map<string, PersonClient>();
  const as = async (personId: string) => {
    if (!clients.has(personId)) clients.set(personId, await personClient(stack, personId, []));
    return clients.get(personId)!;
  };

  beforeAll(async () => {
    stack = await startAppStack({}, { beforeStart: seedSampleOrg });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function withAppLogs(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const tail = stack.logs().split('\n').slice(-60).join('\n');
      if (error instanceof Error) error.message += `\n--- last app output ---\n${tail}`;
      throw error;
    }
  }

  async function openCase(
    builder: CaseBuilder,
    participants: Record<string, unknown>,
    jurisdictionId: string = JURISDICTION,
    opener: string = P.hu,
  ) {
    // Case numbers are never reused on a Temporal server, and the run's server is shared by every e2e file.
    const caseNo = `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
    const {
      openedBy: _o,
      requestKey: _r,
      ...body
    } = builder.withCaseNo(caseNo).withPolicy(COMPRESSED_POLICY.version).build();
    return (await as(opener)).openCase({ ...body, jurisdictionId, participants });
  }

  const detail = async (caseId: string, reader: string = P.hu) => (await as(reader)).caseDetail(caseId);

  const accountability = async (caseId: string, reader: string = P.hu) => {
    const res = await (await as(reader)).get<AccountabilityView | Problem>(`/cases/${caseId}/accountability`);
    if (res.status !== 200) throw new Error(`GET accountability: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AccountabilityView;
  };

  /** Tasks already decided in this file: the inbox (a projection) may still list one for a moment. */
  const decided = new Set<string>();

  /** The person's own inbox shows an open task of this case and stage (of this kind), not one already decided. */
  async function inboxTask(personId: string, caseId: string, stage: string, kind?: string): Promise<InboxTask> {
    const person = await as(personId);
    return eventually(
      async () =>
        (await person.inbox()).find(
          (t) => t.caseId === caseId && t.stage === stage && (!kind || t.kind === kind) && !decided.has(t.taskId),
        ),
      `a ${kind ?? ''} ${stage} task of ${caseId} in the inbox of ${personId}`,
      30_000,
    );
  }

  /** POSTs a task action as `personId`, retrying while the read model does not know the task yet. */
  async function taskPost<T>(personId: string, path: string, body: unknown, key: string) {
    const person = await as(personId);
    return eventually(async () => {
      const r = await person.post<T | Problem>(path, body, key);
      return r.status === 404 && (r.body as Problem).code === 'TASK_NOT_FOUND' ? undefined : r;
    }, `${path} in the read model`);
  }

  async function decide(
    personId: string,
    task: { taskId: string; version: number },
    outcome: string,
    extra: Record<string, unknown> = {},
  ) {
    const res = await taskPost<{ stage: string }>(
      personId,
      `/tasks/${task.taskId}/decision`,
      { taskVersion: task.version, outcome, comment: `${outcome} (e2e)`, basis: BASIS, ...extra },
      `e2e-${task.taskId}-${task.version}-${personId}`,
    );
    if (res.status !== 200)
      throw new Error(`${personId} ${outcome} on ${task.taskId}: ${res.status} ${JSON.stringify(res.body)}`);
    decided.add(task.taskId);
  }

  /** The step as the scenario has it: the named person finds the task in their own inbox and decides it. */
  async function step(personId: string, caseId: string, stage: string, kind: string, outcome: string) {
    const task = await inboxTask(personId, caseId, stage, kind);
    expect(task.allowedOutcomes).toContain(outcome);
    await decide(personId, task, outcome);
    return task;
  }

  /** Someone who does not hold the task is refused, and nothing changes. */
  async function refused(personId: string, task: { taskId: string; version: number }, outcome: string) {
    const res = await (await as(personId)).decide(task.taskId, { taskVersion: task.version, outcome });
    expect({ status: res.status, code: (res.body as Problem).code }).toEqual({ status: 403, code: 'NOT_ASSIGNEE' });
  }

  /**
   * Trial review (审理) as the engine routes it today: a trial reviewer's AGREE, then the principal leader's
   * approval; the standing committee's sanction vote follows. One place, so a new trial-review route changes here.
   */
  async function passTrialReview(caseId: string) {
    const review = await inboxTask(P.tang, caseId, 'trialReview', 'decision');
    await refused(P.ma, review, 'AGREE');
    await decide(P.tang, review, 'AGREE');
    await step(P.gao, caseId, 'trialReview', 'approval', 'APPROVE');
  }

  /** The standing committee votes one member after another until the majority closes the collective task. */
  async function vote(find: () => Promise<{ taskId: string; version: number } | undefined>, outcome: string) {
    for (const voter of [P.gao, P.wang, P.zhou]) {
      const task = await find();
      if (!task) return;
      await decide(voter, task, outcome);
      await eventually(async () => {
        const now = await find();
        return !now || now.version > task.version ? true : undefined;
      }, `${voter}'s vote on ${task.taskId} counted`);
    }
  }

  const openViolationTask = async (caseId: string, stage: string, kind: string) =>
    (await detail(caseId)).openTasks?.find(
      (t: OpenTask) => t.workflowId.endsWith('/violation') && t.stage === stage && t.kind === kind,
    );

  /** An open trace-back or review task, found on the accountability view (voters find theirs there too). */
  const reviewTask = (caseId: string, where: string, stage: string, kind: string) =>
    eventually(
      async () =>
        (await accountability(caseId)).openTasks.find(
          (t) => t.workflowId.endsWith(where) && t.stage === stage && t.kind === kind && !decided.has(t.taskId),
        ),
      `an open ${kind} ${stage} task of ${where}`,
      30_000,
    );

  const reviewOf = (caseId: string, key: string) =>
    eventually(
      async () => (await accountability(caseId)).live?.reviews.find((r) => r.candidateKey === key)?.workflowId,
      `the review of ${key}`,
    );

  /**
   * One review up to a served decision: facts, hearing, determination, the proposal with its measures, the
   * leader in charge's and the principal leader's approvals, then the commission's vote, or the managing
   * body's decision recorded back (`managingBody`).
   */
  async function review(
    caseId: string,
    key: string,
    determination: string,
    measures: object,
    decision: 'commission' | 'managingBody' = 'commission',
  ) {
    const where = await reviewOf(caseId, key);
    for (const [stage, outcome] of [
      ['factFinding', 'FACTS_ESTABLISHED'],
      ['hearing', 'HEARD'],
      ['determination', determination],
    ]) {
      const task = await reviewTask(caseId, where, stage, 'decision');
      await decide(task.assigneeId!, task, outcome);
    }
    const proposal = await reviewTask(caseId, where, 'proposal', 'decision');
    const proposed = await taskPost<{ stage: string }>(
      proposal.assigneeId!,
      `/tasks/${proposal.taskId}/accountability-decision`,
      { taskVersion: proposal.version, outcome: 'PROPOSED', measures, basis: AR_BASIS },
      `e2e-${proposal.taskId}-proposal`,
    );
    expect({ key, status: proposed.status }).toEqual({ key, status: 200 });
    decided.add(proposal.taskId);
    for (const approver of [P.wang, P.gao]) {
      const approval = await reviewTask(caseId, where, 'approval', 'approval');
      expect({ key, assignee: approval.assigneeId }).toEqual({ key, assignee: approver });
      await decide(approver, approval, 'APPROVE');
    }
    if (decision === 'commission') {
      await reviewTask(caseId, where, 'decision', 'collectiveDecision');
      await vote(
        async () =>
          (await accountability(caseId)).openTasks.find(
            (t) => t.workflowId.endsWith(where) && t.stage === 'decision' && t.kind === 'collectiveDecision',
          ),
        'DECIDE',
      );
    } else {
      // The managing body decided; case management records its decision back (AR art. 12).
      const recorded = await reviewTask(caseId, where, 'decision', 'decision');
      expect(recorded.assigneeId).toBe(P.hu);
      await decide(P.hu, recorded, 'ADOPTED');
    }
    const notice = await reviewTask(caseId, where, 'noticeServed', 'decision');
    await decide(notice.assigneeId!, notice, 'SERVED');
    return where;
  }

  /** Removes every candidate but `kept`, each removal with a reason and approved by the leader in charge. */
  async function keepOnly(caseId: string, kept: string[], reason: string) {
    const all = (await accountability(caseId)).live!.candidates.map((c) => c.candidateKey);
    for (const key of all.filter((k) => !kept.includes(k))) {
      const removal = await (
        await as(P.ma)
      ).post<{ approvalTaskId: string } | Problem>(`/cases/${caseId}/trace-back/candidates/${key}/removal`, {
        reason,
      });
      expect({ key, status: removal.status }).toEqual({ key, status: 200 });
      const approval = await reviewTask(caseId, '/trace-back', 'candidateRemoval', 'approval');
      expect(approval).toMatchObject({
        taskId: (removal.body as { approvalTaskId: string }).approvalTaskId,
        assigneeId: P.wang,
      });
      await decide(P.wang, approval, 'APPROVE');
    }
    const narrowed = await eventually(async () => {
      const v = await accountability(caseId);
      return v.live?.candidates.length === kept.length && v.live.pendingRemovals.length === 0 ? v : undefined;
    }, 'the removals applied');
    expect(narrowed.live!.candidates.map((c) => c.candidateKey).sort()).toEqual([...kept].sort());
    const confirm = await reviewTask(caseId, '/trace-back', 'candidateConfirmation', 'decision');
    await decide(confirm.assigneeId!, confirm, 'CONFIRM');
  }

  async function candidatesComputed(caseId: string, reader: string = P.hu) {
    return eventually(
      async () => {
        const v = await accountability(caseId, reader);
        return v.live?.stage === 'candidateConfirmation' ? v : undefined;
      },
      'the trace-back candidates computed',
      30_000,
    );
  }

  /** The case's audit trail: every page, and the hash chain verified by the gateway. */
  async function auditOf(caseId: string, reader: string = P.gao) {
    const person = await as(reader);
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
    expect(verified.body.count).toBe(items.length);
    return items;
  }

  /** The read model's row of the case, through the list route (lists come from the read model). */
  async function listed(caseId: string, query: string) {
    return eventually(
      async () => (await (await as(P.hu)).get<CaseList>(`/cases?${query}`)).body.items.find((c) => c.caseId === caseId),
      `${caseId} listed under ${query}`,
    );
  }

  /** A problem list on the commission's own route, responsible persons as the scenario names them. */
  async function problemList(caseId: string, listNo: string, unitId: string, responsible: string, count: number) {
    const dueDate = shanghaiLocalDate(Date.now() + 365 * 24 * 60 * 60 * 1000);
    const res = await (
      await as(P.hu)
    ).post<{ listId: string } | Problem>('/rectification/lists', {
      listNo,
      source: 'ACCOUNTABILITY_DECISION',
      sourceCaseId: caseId,
      supervisingBodyId: JURISDICTION,
      policyVersion: COMPRESSED_POLICY.version,
      participants: {
        verifierIds: [P.song, P.hu],
        caseManagementOfficerId: P.hu,
        leaderInChargeId: P.wang,
        higherCommissionCaseManagementId: P.cityCaseManagement,
        superiorOf: {},
      },
      items: Array.from({ length: count }, (_, i) => ({
        itemKey: `R${i + 1}`,
        problem: `整改问题 ${i + 1} / finding ${i + 1}`,
        measure: `整改措施 ${i + 1} / measure ${i + 1}`,
        responsiblePersonId: responsible,
        responsibleUnitId: unitId,
        dueDate,
        evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
      })),
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { listId: string };
  }

  it.concurrent(
    'A: a standard case — filing, an approved trace-back, expulsion from the party and public office with a transfer to the procuratorate, accountability decided and the case closed',
    async () => {
      await withAppLogs(async () => {
        // 1. Intake: the petition about Section Chief Zhang's procurement kickbacks, 2022-01 to 2024-06.
        const { caseId } = await openCase(aCase().inScenarioA(), countyParticipants());
        const intake = await step(P.hu, caseId, 'intake', 'decision', 'REGISTERED');
        expect(intake.assigneeId).toBe(P.hu);

        // 2. Officer Ma proposes PRELIM_VERIFY; Deputy Secretary Wang, the leader in charge, approves.
        const disposal = await step(P.ma, caseId, 'clueDisposal', 'decision', 'PRELIM_VERIFY');
        expect(disposal.assigneeId).toBe(P.ma);
        const disposalApproval = await inboxTask(P.wang, caseId, 'clueDisposal', 'approval');
        await refused(P.gao, disposalApproval, 'APPROVE');
        await decide(P.wang, disposalApproval, 'APPROVE');

        // 3. Preliminary verification → FILE_CASE, approved by Secretary Gao; the filing too.
        await step(P.ma, caseId, 'preliminaryVerification', 'decision', 'FILE_CASE');
        await step(P.gao, caseId, 'preliminaryVerification', 'approval', 'APPROVE');
        await step(P.ma, caseId, 'filing', 'decision', 'FILED');
        await step(P.gao, caseId, 'filing', 'approval', 'APPROVE');
        await inboxTask(P.ma, caseId, 'investigation', 'decision');

        // 4. The trigger rule suggests a trace-back; Wang's TRIGGER is a request Secretary Gao approves (AR art. 9).
        const suggested = await eventually(async () => {
          const d = await detail(caseId, P.wang);
          return d.dualInvestigation?.suggested ? d : undefined;
        }, 'the dual-investigation suggestion');
        expect(suggested.dualInvestigation!.reasons.length).toBeGreaterThanOrEqual(3);
        const triggered = await (
          await as(P.wang)
        ).post<{ decision: string; approvalTaskId: string }>(`/cases/${caseId}/dual-investigation`, {
          decision: 'TRIGGER',
          reason: '30个月的回扣，两次举报未处理 / kickbacks over 30 months, two complaints ignored',
        });
        expect(triggered).toMatchObject({ status: 200, body: { decision: 'TRIGGER_REQUESTED' } });
        const opening = await eventually(
          async () =>
            (await (await as(P.gao)).inbox()).find(
              (t) => t.taskId === triggered.body.approvalTaskId && t.caseId === caseId,
            ),
          'the trace-back opening approval in Gao’s inbox',
        );
        expect(opening.assigneeId).toBe(P.gao);
        await refused(P.wang, opening, 'APPROVE');
        await decide(P.gao, opening, 'APPROVE');
        const approved = await detail(caseId);
        expect(approved.dualInvestigation).toMatchObject({ decision: 'TRIGGER', opening: { status: 'APPROVED' } });

        // 5. The trace-back: Li and Chen main, Sun important with her dissent recorded, Zhao supervisory.
        const proposed = await candidatesComputed(caseId);
        const byKey = new Map(proposed.live!.candidates.map((c) => [c.candidateKey, c]));
        expect(byKey.get(`person-${P.liA}`)).toMatchObject({
          responsibility: 'primaryResponsibility',
          suggestedType: 'MAIN_LEADERSHIP',
        });
        expect(byKey.get(`person-${P.chen}`)).toMatchObject({
          responsibility: 'primaryResponsibility',
          suggestedType: 'MAIN_LEADERSHIP',
        });
        expect(byKey.get(`person-${P.sun}`)).toMatchObject({
          suggestedType: 'IMPORTANT_LEADERSHIP',
          exemptionHint: expect.any(String),
        });
        expect(byKey.get(`person-${P.zhao}`)).toMatchObject({
          responsibility: 'supervisoryResponsibility',
          suggestedType: 'MAIN_LEADERSHIP',
        });
        expect(byKey.get('org-b-health-pg')).toMatchObject({ target: 'organization' });
        const kept = ['org-b-health-pg', ...[P.liA, P.chen, P.sun, P.zhao].map((id) => `person-${id}`)];
        await keepOnly(caseId, kept, '派驻纪检组的责任由其负责人赵军承担 / the group answers through its head Zhao');

        // 6 and 7 run in parallel, as the two investigations do (DOMAIN §3).
        await Promise.all([
          (async () => {
            // 6. Investigation finds a crime suspected; trial; Zhang is expelled from the party and from public
            // office (双开) and transferred to the prosecutors.
            await step(P.ma, caseId, 'investigation', 'decision', 'CRIME_SUSPECTED');
            await step(P.wang, caseId, 'investigation', 'approval', 'APPROVE');
            await passTrialReview(caseId);
            const sanction = await eventually(
              () => openViolationTask(caseId, 'sanction', 'collectiveDecision'),
              'the sanction vote',
            );
            // Party and government sanctions, alone or together (DOMAIN §2; PSL art. 7).
            expect(sanction.allowedOutcomes).toEqual(
              expect.arrayContaining(['EXPULSION', 'GOV_EXPULSION', 'EXPULSION+GOV_EXPULSION', 'NO_SANCTION']),
            );
            await vote(() => openViolationTask(caseId, 'sanction', 'collectiveDecision'), 'EXPULSION+GOV_EXPULSION');
            await step(P.hu, caseId, 'closing', 'decision', 'TRANSFER_TO_PROCURATORATE');
            await step(P.wang, caseId, 'closing', 'approval', 'APPROVE');
          })(),
          // 7. Chen ADMONISH; Li CIRCULATE; Zhao CIRCULATE (heavier); Sun exempt (art. 17(b)); the party group INSPECTION.
          review(caseId, `person-${P.chen}`, 'MAIN_LEADERSHIP', { forms: ['ADMONISH'], modifiers: [] }),
          review(caseId, `person-${P.liA}`, 'MAIN_LEADERSHIP', { forms: ['CIRCULATE'], modifiers: [] }),
          review(caseId, `person-${P.zhao}`, 'MAIN_LEADERSHIP', {
            forms: ['CIRCULATE'],
            modifiers: [{ kind: 'HEAVIER', text: '两次举报未处理 / ignored two complaints' }],
          }),
          review(caseId, `person-${P.sun}`, 'IMPORTANT_LEADERSHIP', {
            forms: [],
            modifiers: [
              { kind: 'EXEMPT', ground: 'DISSENT_RECORDED', text: '会议记录载明其反对意见 / dissent minuted' },
            ],
          }),
          review(caseId, 'org-b-health-pg', 'MAIN_LEADERSHIP', { forms: ['INSPECTION'], modifiers: [] }),
        ]);

        const sanctioned = await detail(caseId);
        const sanctionEntry = sanctioned.timeline?.find((e) => e.stage.endsWith('sanction') && e.outcome);
        expect(sanctionEntry?.outcome).toBe('EXPULSION+GOV_EXPULSION');
        expect(sanctioned.timeline?.some((e) => e.outcome === 'TRANSFER_TO_PROCURATORATE')).toBe(true);

        // The party group's INSPECTION comes with 6 rectification items, Li (its current secretary) responsible.
        const list = await problemList(caseId, `A-${caseId.slice(-6)}`, 'u-county-health', P.liA, 6);
        expect(list.listId).toMatch(/^rectification-/);

        // 8. The parent closes only after the trace-back is CONCLUDED (the appeal windows pass, nobody appeals).
        const concluded = await eventually(
          async () => {
            const v = await accountability(caseId);
            return v.traceBack === 'CONCLUDED' && v.summary ? v : undefined;
          },
          'the trace-back concluded',
          MONTH_MS,
        );
        const summary = concluded.summary!;
        const outcomes = [...summary.primaryResponsibility, ...summary.supervisoryResponsibility].map((e) => [
          e.candidateKey,
          e.outcome,
          [...e.finalMeasures.forms],
          e.finalMeasures.modifiers.map((m) => m.kind),
        ]);
        expect(outcomes).toEqual(
          expect.arrayContaining([
            [`person-${P.chen}`, 'HELD_ACCOUNTABLE', ['ADMONISH'], []],
            [`person-${P.liA}`, 'HELD_ACCOUNTABLE', ['CIRCULATE'], []],
            [`person-${P.zhao}`, 'HELD_ACCOUNTABLE', ['CIRCULATE'], ['HEAVIER']],
            [`person-${P.sun}`, 'EXEMPTED', [], ['EXEMPT']],
            ['org-b-health-pg', 'HELD_ACCOUNTABLE', ['INSPECTION'], []],
          ]),
        );
        const closed = await eventually(
          async () => {
            const d = await detail(caseId);
            return d.case.status === 'CLOSED' ? d : undefined;
          },
          'the case CLOSED',
          MONTH_MS,
        );
        expect(closed.case.stage).toBe('closed');
        expect(closed.children.map((c) => [c.role, c.status]).sort()).toEqual([
          ['traceBack', 'CONCLUDED'],
          ['violation', 'CONCLUDED'],
        ]);
        const audit = await auditOf(caseId);
        expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['CHILD_CONCLUDED']));
        const recorded = (action: string, outcome: string) =>
          audit.some((e) => e.action === action && JSON.stringify(e).includes(`"outcome":"${outcome}"`));
        expect(recorded('COLLECTIVE_DECISION_RECORDED', 'EXPULSION+GOV_EXPULSION')).toBe(true);
        expect(recorded('DECISION_RECORDED', 'TRANSFER_TO_PROCURATORATE')).toBe(true);
        expect(await listed(caseId, 'status=CLOSED')).toMatchObject({ status: 'CLOSED', stage: 'closed' });
      });
    },
    420_000,
  );

  it.concurrent(
    'B: tenure matters — the approved accountability-only case holds Li, secretary during the misconduct, referred to the City Committee, and clears Qian with a reason',
    async () => {
      await withAppLogs(async () => {
        // 1. Misconduct at Unit B (the county natural resources bureau), 2019-03 to 2021-06. The sample org has
        // no staff of Unit B, and a subject must be a person of the org model: Zhang stands in.
        const { caseId } = await openCase(
          aCase()
            .accountabilityOnly()
            .withMisconduct('u-county-natres', [P.zhang], [{ from: '2019-03-01', to: '2021-06-30' }], ['landSupply']),
          countyParticipants(),
        );
        // An accountability-only case starts its investigation only once the principal leader approves (AR art. 9).
        const opening = await inboxTask(P.gao, caseId, 'traceBackOpening');
        await refused(P.wang, opening, 'APPROVE');
        expect((await accountability(caseId)).traceBack).toBe('NOT_STARTED');
        await decide(P.gao, opening, 'APPROVE');

        // 2. Candidates: Li (about 22 months, now managed by the City Committee) and Qian (about 6 months).
        const proposed = await candidatesComputed(caseId);
        const byKey = new Map(proposed.live!.candidates.map((c) => [c.candidateKey, c]));
        const li = byKey.get(`person-${P.liB}`);
        const qian = byKey.get(`person-${P.qian}`);
        expect(li).toMatchObject({
          suggestedType: 'MAIN_LEADERSHIP',
          decidingBodyId: 'b-city-committee',
          referral: true,
        });
        expect(li!.overlapDays).toBeGreaterThanOrEqual(660);
        expect(qian).toMatchObject({ overlapDays: 177, decidingBodyId: 'b-county-committee', referral: false });
        await keepOnly(
          caseId,
          [`person-${P.liB}`, `person-${P.qian}`],
          '本案只审查两任书记 / this case reviews the two secretaries',
        );

        // Qian found and reported the problem in 2021-05: NONE, with its reason, approved by Wang and Gao.
        const qianReview = await reviewOf(caseId, `person-${P.qian}`);
        for (const [stage, outcome] of [
          ['factFinding', 'FACTS_ESTABLISHED'],
          ['hearing', 'HEARD'],
        ]) {
          const task = await reviewTask(caseId, qianReview, stage, 'decision');
          await decide(task.assigneeId!, task, outcome);
        }
        const determination = await reviewTask(caseId, qianReview, 'determination', 'decision');
        // NONE needs a reason (DOMAIN §4): without one it is refused and nothing changes.
        const noReason = await taskPost<Problem>(
          determination.assigneeId!,
          `/tasks/${determination.taskId}/decision`,
          { taskVersion: determination.version, outcome: 'NONE' },
          `e2e-${determination.taskId}-no-reason`,
        );
        expect({ status: noReason.status, code: (noReason.body as Problem).code }).toEqual({
          status: 422,
          code: 'INVALID_DECISION',
        });
        await decide(determination.assigneeId!, determination, 'NONE', {
          reason: '钱红于2021年5月发现并报告了问题 / Qian found and reported the problem in 2021-05',
        });
        for (const approver of [P.wang, P.gao]) {
          const approval = await reviewTask(caseId, qianReview, 'approval', 'approval');
          expect(approval.assigneeId).toBe(approver);
          await decide(approver, approval, 'APPROVE');
        }

        // 3. Li → MAIN_LEADERSHIP; the county proposes ORG_ADJUSTMENT/REASSIGN to the City Committee, whose
        // decision case management records back.
        const liReview = await review(
          caseId,
          `person-${P.liB}`,
          'MAIN_LEADERSHIP',
          { forms: ['ORG_ADJUSTMENT'], orgAdjustmentOption: 'REASSIGN', modifiers: [] },
          'managingBody',
        );
        const inWindow = await eventually(async () => {
          const v = await accountability(caseId);
          const reviews = v.live?.reviews ?? [];
          const liNow = reviews.find((r) => r.workflowId === liReview);
          const qianNow = reviews.find((r) => r.workflowId === qianReview);
          return liNow?.stage === 'appealWindow' && qianNow?.final ? v : undefined;
        }, 'Li’s decision served and in its appeal window, Qian’s review final');
        expect(inWindow.traceBack).toBe('RUNNING');

        // 4. Li appeals within the month: no HTTP route files an appeal against an accountability decision yet
        // (issue 12 item 5), so the scenario stops here. Qian owns the rectification.
        const list = await problemList(caseId, `B-${caseId.slice(-6)}`, 'u-county-natres', P.qian, 2);
        const rectification = await (
          await as(P.qian)
        ).get<{ items: { responsiblePersonId: string }[] }>(`/rectification/lists/${list.listId}`);
        expect(rectification.status).toBe(200);
        expect(rectification.body.items.every((i) => i.responsiblePersonId === P.qian)).toBe(true);

        const state = await detail(caseId);
        expect(state.case).toMatchObject({ status: 'OPEN' });
        expect(state.children.map((c) => [c.role, c.status])).toEqual([['traceBack', 'RUNNING']]);
        const audit = await auditOf(caseId);
        expect(audit.length).toBeGreaterThan(0);
        expect(await listed(caseId, 'status=OPEN')).toMatchObject({ status: 'OPEN' });
      });
    },
    300_000,
  );

  it.concurrent(
    'C: recusal — Feng a derived conflict, the recused deputy’s approval skipped to the secretary and audited, the investigator recused and replaced, the reviewer refused as investigator',
    async () => {
      await withAppLogs(async () => {
        // The sample org places Unit D (市城投集团) under the city, outside the county commission's jurisdiction
        // (the gateway refuses it there), so the city commission handles C; its people play the scenario's roles.
        const C = {
          gao: 'p-0003', // the commission's secretary, principal leader
          zhou: 'p-0005', // deputy secretary, the subject's brother-in-law; leads this case
          deputy: 'p-0004',
          liu: 'p-0010', // investigator, the case officer
          tang: 'p-0009', // trial office
          trialDirector: 'p-0008',
          cmoDirector: 'p-0006',
          cmo: 'p-0007',
          staff: 'p-0011', // takes over the investigation
          appeals: 'p-0046',
        } as const;
        const { caseId } = await openCase(
          aCase().withMisconduct('u-city-ctig', [P.he], [{ from: '2022-03-01', to: '2023-12-31' }], ['construction']),
          {
            caseManagementOfficerId: C.cmo,
            caseOfficerId: C.liu,
            leaderInChargeId: C.zhou,
            principalLeaderId: C.gao,
            // With Zhou recused the leader-in-charge route goes straight to the secretary (DOMAIN §5).
            deputyLeaderIds: [],
            higherCommissionLeaderId: 'p-0044',
            higherCommissionCaseManagementId: 'p-0045',
            trialReviewerIds: [C.tang, C.trialDirector],
            standingCommitteeIds: [C.gao, C.deputy, C.zhou],
            appealHandlerId: C.appeals,
            superiorOf: {},
          },
          'u-city-committee',
          C.cmo,
        );
        await step(C.cmo, caseId, 'intake', 'decision', 'REGISTERED');

        // 1. The secretary opens the trace-back himself; Feng, who supervised Unit D, is a candidate and so a
        // derived conflict across the case family. 5. His review is the city's own (the City Committee manages him).
        const triggered = await (
          await as(C.gao)
        ).post<{ decision: string }>(`/cases/${caseId}/dual-investigation`, {
          decision: 'TRIGGER',
          reason: '城投集团纪委监督不力 / the company’s discipline commission failed to supervise',
        });
        expect(triggered).toMatchObject({ status: 200, body: { decision: 'TRIGGER' } });
        const proposed = await candidatesComputed(caseId, C.cmo);
        expect(proposed.live!.candidates.find((c) => c.personId === P.feng)).toMatchObject({
          responsibility: 'supervisoryResponsibility',
          decidingBodyId: 'b-city-committee',
        });

        // 2. Zhou is He's brother-in-law: he declares it, the secretary decides RECUSE, and the clue-disposal
        // approval that would be Zhou's skips to the secretary, audited; Zhou's attempt is refused.
        const declared = await (
          await as(C.zhou)
        ).post<{ recusalTaskId: string }>(`/cases/${caseId}/conflicts`, {
          personId: C.zhou,
          ground: 'RELATIVE',
          reason: '被审查人何立是其妻弟 / the subject He is his brother-in-law',
        });
        expect(declared.status).toBe(200);
        const zhouRecusal = await inboxTask(C.gao, caseId, 'recusal', 'decision');
        expect(zhouRecusal.taskId).toBe(declared.body.recusalTaskId);
        await decide(C.gao, zhouRecusal, 'RECUSE');
        await eventually(async () => {
          const r = await (await as(C.zhou)).get<Problem>(`/cases/${caseId}`);
          return r.status === 404 ? r : undefined;
        }, 'Zhou denied the case');
        await step(C.liu, caseId, 'clueDisposal', 'decision', 'PRELIM_VERIFY');
        const skipped = await inboxTask(C.gao, caseId, 'clueDisposal', 'approval');
        expect(skipped.assigneeId).toBe(C.gao);
        const zhouTries = await (
          await as(C.zhou)
        ).decide(skipped.taskId, { taskVersion: skipped.version, outcome: 'APPROVE' });
        expect({ status: zhouTries.status, code: (zhouTries.body as Problem).code }).toEqual({
          status: 404,
          code: 'TASK_NOT_FOUND',
        });
        await decide(C.gao, skipped, 'APPROVE');

        // 3. He asks (through case management) for Investigator Liu to recuse: Liu witnessed a 2022 contract.
        const prelim = await inboxTask(C.liu, caseId, 'preliminaryVerification', 'decision');
        const requested = await (
          await as(C.cmo)
        ).post<{ recusalTaskId: string }>(`/cases/${caseId}/conflicts`, {
          personId: C.liu,
          ground: 'WITNESS',
          reason: '何立申请：见证了2022年的合同 / He asks: Liu witnessed the 2022 contract',
        });
        expect(requested.status).toBe(200);
        const liuRecusal = await inboxTask(C.gao, caseId, 'recusal', 'decision');
        expect(liuRecusal.taskId).toBe(requested.body.recusalTaskId);
        await decide(C.gao, liuRecusal, 'RECUSE');
        await eventually(async () => {
          const r = await (await as(C.liu)).get<Problem>(`/cases/${caseId}`);
          return r.status === 404 ? r : undefined;
        }, 'Liu denied the case');
        const liuTries = await (
          await as(C.liu)
        ).decide(prelim.taskId, { taskVersion: prelim.version, outcome: 'FILE_CASE' });
        expect(liuTries.status).toBe(404);

        // The leader in charge names the replacement; Zhou is recused, so the task is the secretary's.
        // 4. The trial office's Tang may not take over the investigation (WR art. 59); the staff member does.
        const replacement = await inboxTask(C.gao, caseId, 'replacement', 'decision');
        const tang = await taskPost<Problem>(
          C.gao,
          `/tasks/${replacement.taskId}/replacement`,
          { taskVersion: replacement.version, replacementId: C.tang },
          `e2e-${replacement.taskId}-tang`,
        );
        expect({ status: tang.status, code: (tang.body as Problem).code }).toEqual({
          status: 422,
          code: 'INVALID_DECISION',
        });
        expect((tang.body as Problem).detail).toMatch(/WR art\. 59/);
        const named = await taskPost(
          C.gao,
          `/tasks/${replacement.taskId}/replacement`,
          { taskVersion: replacement.version, replacementId: C.staff, comment: '另行指定承办人 / takes over' },
          `e2e-${replacement.taskId}-staff`,
        );
        expect(named.status).toBe(200);
        decided.add(replacement.taskId);
        const takenOver = await inboxTask(C.staff, caseId, 'preliminaryVerification', 'decision');
        expect(takenOver.taskId).toBe(prelim.taskId);
        await decide(C.staff, takenOver, 'FILE_CASE');
        const approval = await inboxTask(C.gao, caseId, 'preliminaryVerification', 'approval');
        expect(approval.assigneeId).toBe(C.gao);

        const state = await detail(caseId, C.cmo);
        expect(state.case).toMatchObject({ status: 'OPEN', stage: 'preliminaryVerification' });
        const audit = await auditOf(caseId, C.gao);
        const actions = audit.map((e) => e.action);
        expect(actions).toEqual(
          expect.arrayContaining(['DERIVED_CONFLICTS_UPDATED', 'APPROVER_SKIPPED_RECUSED', 'PARTICIPANT_REPLACED']),
        );
        expect(actions.filter((a) => a === 'CONFLICT_DECLARED')).toHaveLength(2);
        const derived = audit.find((e) => e.action === 'DERIVED_CONFLICTS_UPDATED');
        expect(JSON.stringify(derived)).toContain(P.feng);
        expect(
          await eventually(
            async () =>
              (await (await as(C.cmo)).get<CaseList>('/cases?status=OPEN')).body.items.find((c) => c.caseId === caseId),
            'C listed as OPEN',
          ),
        ).toMatchObject({ status: 'OPEN' });
      });
    },
    300_000,
  );
});
