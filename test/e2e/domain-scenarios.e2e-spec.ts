import type { AuditLog, Problem, RectificationListDetail } from '../../libs/contracts/src/http';
import { shanghaiLocalDate } from '../../libs/domain/src/calendar';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { aCase, type CaseBuilder } from '../builders/case.builder';
import { startAppStack, type AppStack } from '../support/app-stack';
import { loadSampleOrgWithOwnCaseNumbers } from '../support/case-numbers';
import { eventually } from './support/eventually';
import { CommissionSteps, idempotencyKeyOf } from './support/commission-steps';
import { withAppLogs } from './support/app-logs';

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
  xu: 'p-0029', // investigator, Ma's second on the team
  tang: 'p-0030', // Reviewer Tang (trial office)
  song: 'p-0031', // case-management director
  hu: 'p-0032', // case-management officer
  liang: 'p-0033', // trial office director
  ye: 'p-0034', // appeals officer
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
/** A month of case time is about a minute here; the windows close on their own, plus slack for the projection. */
const MONTH_MS = 31 * 2_000 + 60_000;

const countyParticipants = () => ({
  caseManagementOfficerId: P.hu,
  caseOfficerId: P.ma,
  leaderInChargeId: P.wang,
  principalLeaderId: P.gao,
  deputyLeaderIds: [P.zhou],
  higherCommissionLeaderId: P.cityLeader,
  higherCommissionCaseManagementId: P.cityCaseManagement,
  trialReviewerIds: [P.tang, P.liang],
  trialOfficeDirectorId: P.liang,
  standingCommitteeIds: [P.gao, P.wang, P.zhou],
  appealHandlerId: P.ye,
  superiorOf: { [P.ma]: P.song },
});

/**
 * The sample org places Unit D of scenario C (市城投集团) under the city, outside the county commission's
 * jurisdiction (the gateway refuses it there), so the city commission handles C; its people play the roles.
 */
const CITY = {
  gao: 'p-0003', // the commission's secretary, principal leader
  zhou: 'p-0005', // deputy secretary, the subject's brother-in-law; leads this case
  deputy: 'p-0004',
  liu: 'p-0010', // investigator, the case officer
  tang: 'p-0009', // trial office
  trialDirector: 'p-0008',
  cmo: 'p-0007',
  staff: 'p-0011', // takes over the investigation
  appeals: 'p-0046',
} as const;

describe('DOMAIN §9 scenarios over HTTP with the compressed policy', () => {
  let stack: AppStack;
  let county: CommissionSteps;
  let city: CommissionSteps;

  beforeAll(async () => {
    stack = await startAppStack({}, { beforeStart: loadSampleOrgWithOwnCaseNumbers });
    county = new CommissionSteps(stack, {
      caseManagementOfficer: P.hu,
      caseOfficer: P.ma,
      leaderInCharge: P.wang,
      principalLeader: P.gao,
      standingCommittee: [P.gao, P.wang, P.zhou],
      team: [P.ma, P.xu],
    });
    city = new CommissionSteps(stack, {
      caseManagementOfficer: CITY.cmo,
      caseOfficer: CITY.liu,
      leaderInCharge: CITY.zhou,
      principalLeader: CITY.gao,
      standingCommittee: [CITY.gao, CITY.deputy, CITY.zhou],
      // The city commission has one investigator: Liu works verification with the staff member who takes over.
      team: [CITY.liu, CITY.staff],
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

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
    return (await county.as(opener)).openCase({ ...body, jurisdictionId, participants });
  }

  /**
   * Trial review (审理, WR arts. 55–56): Reviewer Tang proposes AGREE, a second reviewer co-reviews (the county's
   * trial office has two: the other is its director Liang), the director signs off, then Secretary Gao
   * approves; the standing committee's sanction vote follows. Zhang is not a committee cadre, so no party
   * committee approval after the vote. The proposing reviewer cannot co-review his own opinion.
   */
  async function passTrialReview(caseId: string) {
    const review = await county.inboxTask(P.tang, caseId, 'trialReview', 'decision');
    // Ma investigated the case: WR art. 59 keeps him off its trial review.
    await county.refused(P.ma, review, 'AGREE', { status: 409, code: 'RECUSED_APPROVER' });
    await county.decide(P.tang, review, 'AGREE');
    let last: { taskId: string; version: number } | undefined;
    for (const [approver, level] of [
      [P.liang, 'second reviewer'],
      [P.liang, 'trial office director'],
      [P.gao, 'principal leader'],
    ] as const) {
      const approval = await eventually(async () => {
        const t = await county.openViolationTask(caseId, 'trialReview', 'approval');
        return t && (t.taskId !== last?.taskId || t.version !== last.version) ? t : undefined;
      }, `the trial review's ${level} approval`);
      expect({ level, assignee: approval.assigneeId }).toEqual({ level, assignee: approver });
      if (level === 'second reviewer') await county.refused(P.tang, approval, 'APPROVE');
      await county.decide(approver, approval, 'APPROVE');
      last = approval;
    }
  }

  /** Rectification items, one responsible person for all as the scenario names them. */
  function rectificationItems(unitId: string, responsible: string, count: number) {
    const dueDate = shanghaiLocalDate(Date.now() + 365 * 24 * 60 * 60 * 1000);
    return Array.from({ length: count }, (_, i) => ({
      itemKey: `R${i + 1}`,
      problem: `整改问题 ${i + 1} / finding ${i + 1}`,
      measure: `整改措施 ${i + 1} / measure ${i + 1}`,
      responsiblePersonId: responsible,
      responsibleUnitId: unitId,
      dueDate,
      evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
    }));
  }

  /** A problem list on the commission's own route, responsible persons as the scenario names them. */
  async function problemList(caseId: string, listNo: string, unitId: string, responsible: string, count: number) {
    const res = await (
      await county.as(P.hu)
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
      items: rectificationItems(unitId, responsible, count),
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { listId: string };
  }

  it('A: a standard case — filing, an approved trace-back, expulsion from the party and public office with a transfer to the procuratorate, accountability decided and the case closed', async () => {
    await withAppLogs(stack, async () => {
      // 1. Intake: the petition about Section Chief Zhang's procurement kickbacks, 2022-01 to 2024-06.
      const { caseId } = await openCase(aCase().inScenarioA(), countyParticipants());
      const intake = await county.step(P.hu, caseId, 'intake', 'decision', 'REGISTERED');
      expect(intake.assigneeId).toBe(P.hu);

      // 2. Officer Ma proposes PRELIM_VERIFY; Deputy Secretary Wang, the leader in charge, approves.
      const disposal = await county.step(P.ma, caseId, 'clueDisposal', 'decision', 'PRELIM_VERIFY');
      expect(disposal.assigneeId).toBe(P.ma);
      const disposalApproval = await county.inboxTask(P.wang, caseId, 'clueDisposal', 'approval');
      await county.refused(P.gao, disposalApproval, 'APPROVE');
      await county.decide(P.wang, disposalApproval, 'APPROVE');

      // 3. Preliminary verification → FILE_CASE, approved by Secretary Gao; the filing too. DOMAIN adds the
      // county party secretary, whom §2 asks only for the committee's own cadres: Zhang, a section chief
      // managed by the bureau's party group, is not one (declaring him one would send step 2 to Gao).
      await county.step(P.ma, caseId, 'preliminaryVerification', 'decision', 'FILE_CASE');
      await county.step(P.gao, caseId, 'preliminaryVerification', 'approval', 'APPROVE');
      await county.step(P.ma, caseId, 'filing', 'decision', 'FILED');
      await county.step(P.gao, caseId, 'filing', 'approval', 'APPROVE');
      await county.inboxTask(P.ma, caseId, 'investigation', 'decision');

      // 4. The trigger rule suggests a trace-back; Wang's TRIGGER is a request Secretary Gao approves (AR art. 9).
      const suggested = await eventually(async () => {
        const d = await county.detail(caseId, P.wang);
        return d.dualInvestigation?.suggested ? d : undefined;
      }, 'the dual-investigation suggestion');
      expect(suggested.dualInvestigation!.reasons.length).toBeGreaterThanOrEqual(3);
      const triggered = await (
        await county.as(P.wang)
      ).post<{ decision: string; approvalTaskId: string }>(`/cases/${caseId}/dual-investigation`, {
        decision: 'TRIGGER',
        reason: '30个月的回扣，两次举报未处理 / kickbacks over 30 months, two complaints ignored',
      });
      expect(triggered).toMatchObject({ status: 200, body: { decision: 'TRIGGER_REQUESTED' } });
      const opening = await eventually(
        async () =>
          (await (await county.as(P.gao)).inbox()).find(
            (t) => t.taskId === triggered.body.approvalTaskId && t.caseId === caseId,
          ),
        'the trace-back opening approval in Gao’s inbox',
      );
      expect(opening.assigneeId).toBe(P.gao);
      await county.refused(P.wang, opening, 'APPROVE');
      await county.decide(P.gao, opening, 'APPROVE');
      const approved = await county.detail(caseId);
      expect(approved.dualInvestigation).toMatchObject({ decision: 'TRIGGER', opening: { status: 'APPROVED' } });

      // 5. The trace-back: Li and Chen main, Sun important with her dissent recorded, Zhao supervisory.
      const proposed = await county.candidatesComputed(caseId);
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
      await county.keepOnly(
        caseId,
        kept,
        '派驻纪检组的责任由其负责人赵军承担 / the group answers through its head Zhao',
      );

      // 6 and 7 run in parallel, as the two investigations do (DOMAIN §3).
      await Promise.all([
        (async () => {
          // 6. Investigation finds a crime suspected; trial; Zhang is expelled from the party and from public
          // office (双开) and transferred to the prosecutors.
          await county.step(P.ma, caseId, 'investigation', 'decision', 'CRIME_SUSPECTED');
          await county.step(P.wang, caseId, 'investigation', 'approval', 'APPROVE');
          await passTrialReview(caseId);
          const sanction = await eventually(
            () => county.openViolationTask(caseId, 'sanction', 'collectiveDecision'),
            'the sanction vote',
          );
          // Party and government sanctions, alone or together (DOMAIN §2; PSL art. 7).
          expect(sanction.allowedOutcomes).toEqual(
            expect.arrayContaining(['EXPULSION', 'GOV_EXPULSION', 'EXPULSION+GOV_EXPULSION', 'NO_SANCTION']),
          );
          await county.vote(
            () => county.openViolationTask(caseId, 'sanction', 'collectiveDecision'),
            'EXPULSION+GOV_EXPULSION',
          );
          await county.step(P.hu, caseId, 'closing', 'decision', 'TRANSFER_TO_PROCURATORATE');
          await county.step(P.wang, caseId, 'closing', 'approval', 'APPROVE');
        })(),
        // 7. Chen ADMONISH; Li CIRCULATE; Zhao CIRCULATE (heavier); Sun exempt (art. 17(b)); the party group INSPECTION.
        county.review(caseId, `person-${P.chen}`, 'MAIN_LEADERSHIP', { forms: ['ADMONISH'], modifiers: [] }),
        county.review(caseId, `person-${P.liA}`, 'MAIN_LEADERSHIP', { forms: ['CIRCULATE'], modifiers: [] }),
        county.review(caseId, `person-${P.zhao}`, 'MAIN_LEADERSHIP', {
          forms: ['CIRCULATE'],
          modifiers: [{ kind: 'HEAVIER', text: '两次举报未处理 / ignored two complaints' }],
        }),
        county.review(caseId, `person-${P.sun}`, 'IMPORTANT_LEADERSHIP', {
          forms: [],
          modifiers: [{ kind: 'EXEMPT', ground: 'DISSENT_RECORDED', text: '会议记录载明其反对意见 / dissent minuted' }],
        }),
        county.review(caseId, 'org-b-health-pg', 'MAIN_LEADERSHIP', { forms: ['INSPECTION'], modifiers: [] }),
      ]);

      const sanctioned = await county.detail(caseId);
      const sanctionEntry = sanctioned.timeline?.find((e) => e.stage.endsWith('sanction') && e.outcome);
      expect(sanctionEntry?.outcome).toBe('EXPULSION+GOV_EXPULSION');
      expect(sanctioned.timeline?.some((e) => e.outcome === 'TRANSFER_TO_PROCURATORATE')).toBe(true);

      // The party group's INSPECTION comes with 6 rectification items, Li (its current secretary) responsible:
      // case management records them as the case's findings, and closing the case opens the problem list.
      const findings = await (
        await county.as(P.hu)
      ).post<{ items: number } | Problem>(
        `/cases/${caseId}/rectification-findings`,
        { items: rectificationItems('u-county-health', P.liA, 6) },
        idempotencyKeyOf(caseId, 'findings'),
      );
      expect(findings).toMatchObject({ status: 200, body: { items: 6 } });

      // 8. The parent closes only after the trace-back is CONCLUDED (the appeal windows pass, nobody appeals).
      const concluded = await eventually(
        async () => {
          const v = await county.accountability(caseId);
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
          const d = await county.detail(caseId);
          return d.case.status === 'CLOSED' && d.rectification?.listId ? d : undefined;
        },
        'the case CLOSED, linking its problem list',
        MONTH_MS,
      );
      const list = await (
        await county.as(P.hu)
      ).get<RectificationListDetail>(`/rectification/lists/${closed.rectification!.listId!}`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ source: 'CASE_FINDINGS', sourceCaseId: caseId, completion: { total: 6 } });
      expect(list.body.items.every((i) => i.responsiblePersonId === P.liA)).toBe(true);
      expect(closed.case.stage).toBe('closed');
      expect(closed.children.map((c) => [c.role, c.status]).sort()).toEqual([
        ['traceBack', 'CONCLUDED'],
        ['violation', 'CONCLUDED'],
      ]);
      const audit = await county.auditOf(caseId);
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['CHILD_CONCLUDED']));
      const recorded = (action: string, outcome: string) =>
        audit.some((e) => e.action === action && JSON.stringify(e).includes(`"outcome":"${outcome}"`));
      expect(recorded('COLLECTIVE_DECISION_RECORDED', 'EXPULSION+GOV_EXPULSION')).toBe(true);
      expect(recorded('DECISION_RECORDED', 'TRANSFER_TO_PROCURATORATE')).toBe(true);
      expect(await county.listed(caseId, 'status=CLOSED')).toMatchObject({ status: 'CLOSED', stage: 'closed' });
    });
  }, 420_000);

  it('B: tenure matters — the approved accountability-only case holds Li, secretary during the misconduct, referred to the City Committee, upheld on appeal and the adjustment executed, and clears Qian with a reason', async () => {
    await withAppLogs(stack, async () => {
      // 1. Misconduct at Unit B (the county natural resources bureau), 2019-03 to 2021-06. The sample org has
      // no staff of Unit B, and a subject must be a person of the org model: Zhang stands in.
      const { caseId } = await openCase(
        aCase()
          .accountabilityOnly()
          .withMisconduct('u-county-natres', [P.zhang], [{ from: '2019-03-01', to: '2021-06-30' }], ['landSupply']),
        countyParticipants(),
      );
      // An accountability-only case starts its investigation only once the principal leader approves (AR art. 9).
      const opening = await county.inboxTask(P.gao, caseId, 'traceBackOpening');
      await county.refused(P.wang, opening, 'APPROVE');
      expect((await county.accountability(caseId)).traceBack).toBe('NOT_STARTED');
      await county.decide(P.gao, opening, 'APPROVE');

      // 2. Candidates: Li (about 22 months, now managed by the City Committee) and Qian (about 6 months).
      const proposed = await county.candidatesComputed(caseId);
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
      await county.keepOnly(
        caseId,
        [`person-${P.liB}`, `person-${P.qian}`],
        '本案只审查两任书记 / this case reviews the two secretaries',
      );

      // Qian found and reported the problem in 2021-05: NONE, with its reason, approved by Wang and Gao.
      const qianReview = await county.reviewOf(caseId, `person-${P.qian}`);
      await county.reviewUpTo(caseId, qianReview, [
        ['factFinding', 'FACTS_ESTABLISHED'],
        ['hearing', 'HEARD'],
      ]);
      const determination = await county.reviewTask(caseId, qianReview, 'determination', 'decision');
      // NONE needs a reason (DOMAIN §4): without one it is refused and nothing changes.
      const noReason = await county.taskPost<Problem>(
        determination.assigneeId!,
        `/tasks/${determination.taskId}/decision`,
        { taskVersion: determination.version, outcome: 'NONE' },
        idempotencyKeyOf(determination.taskId, 'no-reason'),
      );
      expect({ status: noReason.status, code: (noReason.body as Problem).code }).toEqual({
        status: 422,
        code: 'INVALID_DECISION',
      });
      await county.decide(determination.assigneeId!, determination, 'NONE', {
        reason: '钱红于2021年5月发现并报告了问题 / Qian found and reported the problem in 2021-05',
      });
      await county.approveReview(caseId, qianReview, `person-${P.qian}`);

      // 3. Li → MAIN_LEADERSHIP; the county proposes ORG_ADJUSTMENT/REASSIGN to the City Committee, whose
      // decision case management records back.
      const liReview = await county.review(
        caseId,
        `person-${P.liB}`,
        'MAIN_LEADERSHIP',
        { forms: ['ORG_ADJUSTMENT'], orgAdjustmentOption: 'REASSIGN', modifiers: [] },
        'managingBody',
      );
      let seen = '';
      const inWindow = await eventually(
        async () => {
          const v = await county.accountability(caseId);
          const reviews = v.live?.reviews ?? [];
          seen = JSON.stringify(reviews.map((r) => [r.candidateKey, r.stage, r.final]));
          const liNow = reviews.find((r) => r.workflowId === liReview);
          const qianNow = reviews.find((r) => r.workflowId === qianReview);
          return liNow?.stage === 'appealWindow' && qianNow?.final ? v : undefined;
        },
        'Li’s decision served and in its appeal window, Qian’s review final',
        // Once, after scenario A in the same run, the trace-back still showed Li in noticeServed 30 s after SERVED.
        45_000,
        () => seen,
      );
      expect(inWindow.traceBack).toBe('RUNNING');

      // Qian owns the rectification.
      const list = await problemList(caseId, `B-${caseId.slice(-6)}`, 'u-county-natres', P.qian, 2);
      const rectification = await (
        await county.as(P.qian)
      ).get<{ items: { responsiblePersonId: string }[] }>(`/rectification/lists/${list.listId}`);
      expect(rectification.status).toBe(200);
      expect(rectification.body.items.every((i) => i.responsiblePersonId === P.qian)).toBe(true);

      // 4. Li appeals within the month, through case management; Appeals Officer Ye upholds the decision and
      // Wang approves. The adjustment is carried out meanwhile: case management records it (AR; DOMAIN §4).
      const appealed = await (
        await county.as(P.hu)
      ).post<{ stage: string } | Problem>(
        `/cases/${caseId}/trace-back/reviews/person-${P.liB}/appeals`,
        {
          reason: '李明认为其已调离，不应承担责任 / Li holds he had left the post',
          filedOn: shanghaiLocalDate(Date.now()),
        },
        idempotencyKeyOf(caseId, P.liB, 'appeal'),
      );
      expect({ status: appealed.status, body: appealed.body }).toMatchObject({ status: 200 });
      const hearing = await county.reviewTask(caseId, liReview, 'appealReview', 'decision');
      expect(hearing.assigneeId).toBe(P.ye);
      await county.decide(P.ye, hearing, 'UPHELD');
      const upheld = await county.reviewTask(caseId, liReview, 'appealReview', 'approval');
      expect(upheld.assigneeId).toBe(P.wang);
      await county.decide(P.wang, upheld, 'APPROVE');
      const execution = await county.reviewTask(caseId, liReview, 'execution', 'decision');
      expect(execution).toMatchObject({ assigneeId: P.hu, allowedOutcomes: ['EXECUTED'] });
      await county.decide(P.hu, execution, 'EXECUTED');

      const concluded = await eventually(
        async () => {
          const v = await county.accountability(caseId);
          return v.traceBack === 'CONCLUDED' && v.summary ? v : undefined;
        },
        'the trace-back concluded',
        45_000,
      );
      const liOutcome = concluded.summary!.primaryResponsibility.find((e) => e.candidateKey === `person-${P.liB}`);
      expect(liOutcome).toMatchObject({
        outcome: 'HELD_ACCOUNTABLE',
        authority: 'managingBody',
        finalMeasures: { forms: ['ORG_ADJUSTMENT'], orgAdjustmentOption: 'REASSIGN' },
      });
      const audit = await county.auditOf(caseId);
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['ORG_ADJUSTMENT_EXECUTED']));
      const closed = await eventually(
        async () => {
          const d = await county.detail(caseId);
          return d.case.status === 'CLOSED' ? d : undefined;
        },
        'the accountability-only case CLOSED',
        45_000,
      );
      expect(closed.children.map((c) => [c.role, c.status])).toEqual([['traceBack', 'CONCLUDED']]);
      expect(await county.listed(caseId, 'status=CLOSED')).toMatchObject({ status: 'CLOSED' });
    });
  }, 300_000);

  it('C: recusal — Feng a derived conflict, the recused deputy’s approval skipped to the secretary and audited, the investigator recused, his past actions re-checked and replaced, the reviewer refused as investigator', async () => {
    await withAppLogs(stack, async () => {
      const C = CITY;
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
          trialOfficeDirectorId: C.trialDirector,
          standingCommitteeIds: [C.gao, C.deputy, C.zhou],
          appealHandlerId: C.appeals,
          superiorOf: {},
        },
        'u-city-committee',
        C.cmo,
      );
      await city.step(C.cmo, caseId, 'intake', 'decision', 'REGISTERED');

      // 1. The secretary opens the trace-back himself; Feng, who supervised Unit D, is a candidate and so a
      // derived conflict across the case family. 5. His review is the city's own (the City Committee manages him).
      const triggered = await (
        await city.as(C.gao)
      ).post<{ decision: string }>(`/cases/${caseId}/dual-investigation`, {
        decision: 'TRIGGER',
        reason: '城投集团纪委监督不力 / the company’s discipline commission failed to supervise',
      });
      expect(triggered).toMatchObject({ status: 200, body: { decision: 'TRIGGER' } });
      const proposed = await city.candidatesComputed(caseId);
      expect(proposed.live!.candidates.find((c) => c.personId === P.feng)).toMatchObject({
        responsibility: 'supervisoryResponsibility',
        decidingBodyId: 'b-city-committee',
      });

      // 2. Zhou is He's brother-in-law. The org model keeps no kinship, so the extended-relative rule cannot
      // derive it: Zhou declares it and the secretary decides RECUSE. The filing approval is the principal
      // leader's alone (DOMAIN §2), so the skip shows on the approval the leader in charge would hold: the
      // clue-disposal approval goes to the secretary, audited. Zhou, who lost access, is refused with a 404.
      const declared = await (
        await city.as(C.zhou)
      ).post<{ recusalTaskId: string }>(`/cases/${caseId}/conflicts`, {
        personId: C.zhou,
        ground: 'RELATIVE',
        reason: '被审查人何立是其妻弟 / the subject He is his brother-in-law',
      });
      expect(declared.status).toBe(200);
      const zhouRecusal = await city.inboxTask(C.gao, caseId, 'recusal', 'decision');
      expect(zhouRecusal.taskId).toBe(declared.body.recusalTaskId);
      await city.decide(C.gao, zhouRecusal, 'RECUSE');
      await city.deniedTo(C.zhou, caseId);
      await city.step(C.liu, caseId, 'clueDisposal', 'decision', 'PRELIM_VERIFY');
      const skipped = await city.inboxTask(C.gao, caseId, 'clueDisposal', 'approval');
      expect(skipped.assigneeId).toBe(C.gao);
      const zhouTries = await (
        await city.as(C.zhou)
      ).decide(skipped.taskId, { taskVersion: skipped.version, outcome: 'APPROVE' });
      expect({ status: zhouTries.status, code: (zhouTries.body as Problem).code }).toEqual({
        status: 404,
        code: 'TASK_NOT_FOUND',
      });
      await city.decide(C.gao, skipped, 'APPROVE');

      // 3. He asks (through case management) for Investigator Liu to recuse: Liu witnessed a 2022 contract.
      // Liu has added three evidence items in preliminary verification; they are re-checked after the recusal.
      const prelim = await city.inboxTask(C.liu, caseId, 'preliminaryVerification', 'decision');
      const liu = await city.as(C.liu);
      for (const n of [1, 2, 3]) {
        const added = await liu.upload(
          `/cases/${caseId}/attachments`,
          { kind: 'DOCUMENT' },
          { bytes: Buffer.from(`%PDF-1.7\n% evidence ${n}\n${'0'.repeat(2000)}\n%%EOF\n`), filename: `证据${n}.pdf` },
        );
        expect(added.status).toBe(201);
      }
      const requested = await (
        await city.as(C.cmo)
      ).post<{ recusalTaskId: string }>(`/cases/${caseId}/conflicts`, {
        personId: C.liu,
        ground: 'WITNESS',
        reason: '何立申请：见证了2022年的合同 / He asks: Liu witnessed the 2022 contract',
      });
      expect(requested.status).toBe(200);
      const liuRecusal = await city.inboxTask(C.gao, caseId, 'recusal', 'decision');
      expect(liuRecusal.taskId).toBe(requested.body.recusalTaskId);
      await city.decide(C.gao, liuRecusal, 'RECUSE');
      await city.deniedTo(C.liu, caseId);
      const liuTries = await (
        await city.as(C.liu)
      ).decide(prelim.taskId, { taskVersion: prelim.version, outcome: 'FILE_CASE' });
      expect(liuTries.status).toBe(404);

      // DOMAIN §5: Liu's past actions are re-checked. Liu was the case officer, so case management re-checks:
      // it lists Liu's entries of the audit trail (his three evidence items among them) and confirms them.
      const recheck = await city.inboxTask(C.cmo, caseId, 'recusalRecheck', 'recusalRecheck');
      expect(recheck.concernsPersonId).toBe(C.liu);
      expect(recheck.title).not.toContain(C.liu);
      const liuActions = await (
        await city.as(C.cmo)
      ).get<AuditLog>(`/cases/${caseId}/audit?actorId=${C.liu}&limit=500`);
      expect(liuActions.status).toBe(200);
      expect(liuActions.body.items.every((e) => e.actorId === C.liu)).toBe(true);
      expect(liuActions.body.items.filter((e) => e.action === 'ATTACHMENT_ADDED')).toHaveLength(3);
      expect(liuActions.body.items.map((e) => e.action)).toContain('DECISION_RECORDED');
      await city.decide(C.cmo, recheck, 'CONFIRMED');

      // The leader in charge names the replacement; Zhou is recused, so the task is the secretary's.
      // 4. Only team members log investigative measures, and a trial reviewer cannot join the team, so the
      // measures log cannot show Tang interviewing a witness; the WR art. 59 separation the automatic block
      // rests on refuses Tang as the investigator instead.
      const replacement = await city.inboxTask(C.gao, caseId, 'replacement', 'decision');
      const tang = await city.taskPost<Problem>(
        C.gao,
        `/tasks/${replacement.taskId}/replacement`,
        { taskVersion: replacement.version, replacementId: C.tang },
        idempotencyKeyOf(replacement.taskId, 'tang'),
      );
      expect({ status: tang.status, code: (tang.body as Problem).code }).toEqual({
        status: 422,
        code: 'INVALID_DECISION',
      });
      expect((tang.body as Problem).detail).toMatch(/WR art\. 59/);
      const named = await city.taskPost(
        C.gao,
        `/tasks/${replacement.taskId}/replacement`,
        { taskVersion: replacement.version, replacementId: C.staff, comment: '另行指定承办人 / takes over' },
        idempotencyKeyOf(replacement.taskId, 'staff'),
      );
      expect(named.status).toBe(200);
      city.markDecided(replacement.taskId);
      const takenOver = await city.inboxTask(C.staff, caseId, 'preliminaryVerification', 'decision');
      expect(takenOver.taskId).toBe(prelim.taskId);
      await city.decide(C.staff, takenOver, 'FILE_CASE');
      const approval = await city.inboxTask(C.gao, caseId, 'preliminaryVerification', 'approval');
      expect(approval.assigneeId).toBe(C.gao);

      const state = await city.detail(caseId);
      expect(state.case).toMatchObject({ status: 'OPEN', stage: 'preliminaryVerification' });
      const audit = await city.auditOf(caseId);
      const actions = audit.map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'DERIVED_CONFLICTS_UPDATED',
          'APPROVER_SKIPPED_RECUSED',
          'PARTICIPANT_REPLACED',
          'RECUSAL_RECHECK_CONFIRMED',
        ]),
      );
      expect(audit.find((e) => e.action === 'RECUSAL_RECHECK_CONFIRMED')).toMatchObject({
        actorId: C.cmo,
        after: expect.objectContaining({ personId: C.liu }),
      });
      expect(actions.filter((a) => a === 'CONFLICT_DECLARED')).toHaveLength(2);
      const derived = audit.find((e) => e.action === 'DERIVED_CONFLICTS_UPDATED');
      expect(JSON.stringify(derived)).toContain(P.feng);
      expect(await city.listed(caseId, 'status=OPEN')).toMatchObject({ status: 'OPEN' });
    });
  }, 300_000);
});
