import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { eventually } from '../../../test/e2e/support/eventually';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, COUNTY, countyCaseBody, signedInAs } from './support/console-driver';

/**
 * DOMAIN §9 scenario A in the browser: procurement kickbacks at the county health bureau (subject 张, p-0041).
 * 王磊, the leader in charge, triggers the trace-back; Secretary 李明 and Deputy Director 陈刚 (procurement)
 * answer for primary responsibility, Discipline Head 赵军 for supervisory responsibility. The compressed
 * policy (one day in 2 s) lets the month-long appeal windows pass so the summary appears.
 */
const SCENARIO_A = {
  subject: 'p-0041',
  secretary: { key: 'person-p-0036', name: '李明', post: '党组书记、局长' },
  procurement: { key: 'person-p-0037', name: '陈刚', post: '党组成员、副局长' },
  disciplineHead: { key: 'person-p-0040', name: '赵军', post: '派驻纪检监察组组长' },
  /** Sun's exemption and the two organizations are left to another case here, to keep three reviews. */
  removed: ['org-b-health-pg', 'org-b-county-dg3', 'person-p-0038'],
} as const;
const STANDING_COMMITTEE = [COUNTY.principalLeader, COUNTY.leaderInCharge, COUNTY.deputy];
const STAGE_LABEL: Record<string, string> = {
  candidateConfirmation: '确认倒查对象',
  candidateRemoval: '移除倒查对象',
  factFinding: '查明事实',
  hearing: '听取陈述申辩',
  determination: '认定责任',
  proposal: '提出问责建议',
  approval: '审批',
  decision: '问责决定',
  noticeServed: '送达决定',
};
/** An appeal window is a month of case time: about a minute here, plus slack for the worker and projection. */
const WINDOW_MS = 31 * 2_000 + 90_000;

interface View {
  traceBack: string;
  live: {
    stage: string;
    candidates: { candidateKey: string }[];
    reviews: { candidateKey: string; workflowId: string; stage: string }[];
    pendingRemovals: { candidateKey: string; taskId: string }[];
  } | null;
  openTasks: {
    taskId: string;
    workflowId: string;
    stage: string;
    kind: string;
    assigneeId: string | null;
    version: number;
  }[];
  summary: {
    primaryResponsibility: { candidateKey: string; outcome: string; finalMeasures: { forms: string[] } }[];
    supervisoryResponsibility: { candidateKey: string; outcome: string; finalMeasures: { forms: string[] } }[];
  } | null;
}

describe('the responsibility trace-back (责任倒查) in the browser', () => {
  let stack: AppStack;
  let browser: Browser;
  let caseId: string;
  const pages = new Map<string, Page>();

  /** One signed-in tab per person, on the case page, freshly loaded. */
  async function caseAs(personId: string): Promise<Page> {
    if (!pages.has(personId)) pages.set(personId, await signedInAs(browser, stack, personId));
    const page = pages.get(personId)!;
    await page.goto(`${stack.baseUrl}/console/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: /案件详情/ }).waitFor();
    return page;
  }

  const view = async () => {
    const res = await (await apiAs(stack, COUNTY.caseManagementOfficer)).get<View>(`/cases/${caseId}/accountability`);
    if (res.status !== 200) throw new Error(`GET accountability: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** The open task of a review (or of the trace-back itself, `where` = '/trace-back') other than `after`. */
  const openTask = (where: () => Promise<string>, stage: string, after?: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const workflowId = await where();
        return (await view()).openTasks.find(
          (t) => t.workflowId.endsWith(workflowId) && t.stage === stage && t.taskId !== after,
        );
      },
      `an open ${stage} task`,
      timeoutMs,
    );

  /** Opens the task's dialog on the case page by the candidate's name, picks the outcome and submits. */
  async function decideOnCasePage(
    personId: string,
    subject: string,
    stage: string,
    outcome: string,
    fill?: (dialog: ReturnType<Page['getByRole']>, page: Page) => Promise<void>,
  ): Promise<Page> {
    const page = await caseAs(personId);
    const action = stage === 'decision' ? '表决' : '办理';
    const button = page
      .locator('.review-tasks')
      .getByRole('button', { name: new RegExp(`^${action} ${subject}.* ${STAGE_LABEL[stage]}$`) });
    await button.first().click();
    const dialog = page.getByRole('dialog');
    // A click while the dialog still opens can miss (the form then asks for the outcome): the person looks and clicks again.
    const chosen = dialog.getByRole('radio', { name: outcome, exact: true });
    await eventually(
      async () => {
        if (await chosen.isChecked()) return true;
        await dialog
          .locator('label.ant-radio-button-wrapper')
          .filter({ hasText: new RegExp(`^${outcome}$`) })
          .click();
        return undefined;
      },
      `${outcome} chosen in the dialog`,
      10_000,
    );
    await fill?.(dialog, page);
    const answered = page
      .waitForResponse((r) => r.request().method() === 'POST' && /\/tasks\//.test(r.url()))
      .catch(() => null);
    await dialog.getByRole('button', { name: '提交' }).click();
    // Either the console confirms it, or the dialog says why not (reported, so a failure reads as the page's words).
    const done = page.getByText(`已提交：${outcome}`).first();
    const refused = dialog.getByRole('alert');
    try {
      await done.or(refused).first().waitFor();
    } catch (error) {
      await page.screenshot({ path: `${tmpdir()}/trace-back-${stage}.png` });
      const response = await Promise.race([answered, Promise.resolve(null)]);
      throw new Error(
        `${stage} ${outcome}: ${String(error)}; response ${response?.status() ?? 'none'}; dialog: ${await dialog.innerText().catch(() => '')}`,
      );
    }
    if (!(await done.isVisible())) throw new Error(`${stage} ${outcome} refused: ${await refused.innerText()}`);
    return page;
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
    const opener = await apiAs(stack, COUNTY.caseManagementOfficer);
    const opened = await opener.post<{ caseId: string }>('/cases', {
      ...countyCaseBody('compressed-2026.1'),
      subjectIds: [SCENARIO_A.subject],
    });
    if (opened.status !== 201) throw new Error(`POST /cases: ${opened.status} ${JSON.stringify(opened.body)}`);
    caseId = opened.body.caseId;
  }, 240_000);

  afterAll(async () => {
    for (const page of pages.values()) await page.context().close();
    await browser?.close();
    await stack?.stop();
  });

  it('lets the case-management officer ask for an extension of an open task, one level up', async () => {
    const page = await caseAs(COUNTY.caseManagementOfficer);
    const request = page.getByRole('button', { name: '申请延期 受理' });
    // The case page reads the workflow: the intake task is there once the violation investigation opened it.
    await eventually(
      async () => {
        if ((await request.count()) > 0) return true;
        await page.getByRole('button', { name: '刷新' }).click();
        return undefined;
      },
      'the intake task on the case page',
      30_000,
    );
    await request.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '理由' }).fill('举报材料需补充核对，申请延期');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('延期申请已提交，等待审批').waitFor();
    const openTasks = page.locator('.ant-card').filter({ hasText: '待办事项' });
    await eventually(
      async () => {
        if ((await openTasks.innerText()).includes('延期审批')) return true;
        await page.getByRole('button', { name: '刷新' }).click();
        return undefined;
      },
      'the extension approval among the open tasks',
      30_000,
    );
  });

  it('has the leader in charge trigger the trace-back and draws the candidates over the org chart by tenure', async () => {
    const page = await caseAs(COUNTY.leaderInCharge);
    await page.getByRole('button', { name: '启动或不启动责任倒查' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('label.ant-radio-button-wrapper').filter({ hasText: '启动责任倒查' }).click();
    await dialog.getByRole('textbox', { name: '理由' }).fill('收受回扣持续30个月，两次举报未处理');
    await dialog.getByRole('button', { name: '提交' }).click();
    // AR art. 9: the trigger is a request until the principal leader approves it from the inbox.
    await page.getByText('启动责任倒查的申请待主要负责人审批').first().waitFor();
    const principal = await apiAs(stack, COUNTY.principalLeader);
    const request = await eventually(async () => {
      const inbox = await principal.get<{ items: { taskId: string; caseId: string; stage: string }[] }>('/tasks');
      return inbox.body.items.find((t) => t.caseId === caseId && t.stage === 'traceBackOpening');
    }, 'the opening request in the principal leader’s inbox');
    const approved = await principal.post(`/tasks/${request.taskId}/decision`, { taskVersion: 1, outcome: 'APPROVE' });
    expect(approved.status).toBe(200);
    await eventually(async () => {
      if ((await page.getByText('已决定启动责任倒查').count()) > 0) return true;
      await page.getByRole('button', { name: '刷新' }).click();
      return undefined;
    }, 'the trace-back opened on the case page');

    const chart = page.locator('.candidate-chart');
    await eventually(
      async () => {
        if ((await chart.count()) > 0 && (await chart.innerText()).includes(SCENARIO_A.disciplineHead.name))
          return true;
        await page.getByRole('button', { name: '刷新' }).click();
        return undefined;
      },
      'the candidates on the org chart',
      45_000,
    );
    const text = await chart.innerText();
    // Unit by unit, body by body, each person by name and the post held during the misconduct period.
    expect(text).toMatch(/清水县卫生健康局[\s\S]*县卫生健康局党组[\s\S]*李明 党组书记、局长[\s\S]*主体责任/);
    expect(text).toMatch(/第三派驻纪检监察组[\s\S]*赵军 派驻纪检监察组组长[\s\S]*监督责任/);
    expect(text).toContain('问题发生期间 2022-01-01 — 2024-06-30');
    expect(text).not.toMatch(/\bp-\d{4}\b/);
    const bar = chart.locator(`[data-candidate="${SCENARIO_A.secretary.key}"] [role="img"]`);
    await expect(bar.getAttribute('aria-label')).resolves.toBe('党组书记、局长 2020-03-01 至 今');
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, '21-trace-back-candidates');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('narrows the candidates with the leader’s approval and has the case officer confirm them', async () => {
    const officer = await apiAs(stack, COUNTY.investigator);
    for (const key of SCENARIO_A.removed) {
      const removal = await officer.post<{ approvalTaskId: string }>(
        `/cases/${caseId}/trace-back/candidates/${key}/removal`,
        { reason: '另案处理' },
      );
      expect(removal.status).toBe(200);
      await openTask(async () => '/trace-back', 'candidateRemoval');
      // The approval names the candidate; 王磊 approves it on the case page.
      await decideOnCasePage(COUNTY.leaderInCharge, '', 'candidateRemoval', '同意');
      await eventually(
        async () => ((await view()).live?.pendingRemovals.length === 0 ? true : undefined),
        `the removal of ${key} applied`,
      );
    }
    const narrowed = await view();
    expect(narrowed.live!.candidates.map((c) => c.candidateKey)).toEqual([
      SCENARIO_A.secretary.key,
      SCENARIO_A.procurement.key,
      SCENARIO_A.disciplineHead.key,
    ]);
    await decideOnCasePage(COUNTY.investigator, '责任倒查', 'candidateConfirmation', '确认');
  });

  it('takes each leader’s review to the accountability decision through the decision dialog', async () => {
    const measures: Record<string, { form: string; heavier?: string }> = {
      [SCENARIO_A.secretary.key]: { form: '通报' },
      [SCENARIO_A.procurement.key]: { form: '诫勉' },
      [SCENARIO_A.disciplineHead.key]: { form: '通报', heavier: '两次举报未督促处理' },
    };
    for (const candidate of [SCENARIO_A.secretary, SCENARIO_A.procurement, SCENARIO_A.disciplineHead]) {
      const review = () =>
        eventually(
          async () => (await view()).live?.reviews.find((r) => r.candidateKey === candidate.key)?.workflowId,
          `the review of ${candidate.name}`,
        );
      const steps: [stage: string, outcome: string][] = [
        ['factFinding', '事实已查明'],
        ['hearing', '已听取陈述申辩'],
        ['determination', '主要领导责任'],
        ['proposal', '提出问责建议'],
        ['approval', '同意'],
        ['approval', '同意'],
      ];
      let last: string | undefined;
      for (const [stage, outcome] of steps) {
        const task = await openTask(review, stage, last);
        await decideOnCasePage(task.assigneeId!, candidate.name, stage, outcome, async (dialog, page) => {
          if (stage !== 'proposal') return;
          const wanted = measures[candidate.key];
          await dialog.getByRole('checkbox', { name: wanted.form }).check();
          if (wanted.heavier) {
            await dialog.getByRole('button', { name: '添加情节' }).click();
            await dialog.getByRole('combobox', { name: '情节类型' }).click();
            await page.locator('.ant-select-dropdown').getByText('从重或加重', { exact: true }).click();
            await dialog.getByRole('textbox', { name: '情节说明' }).fill(wanted.heavier);
          }
          await dialog.getByRole('button', { name: '添加依据' }).click();
          await dialog.getByRole('textbox', { name: '法规名称' }).fill('中国共产党问责条例');
          await dialog.getByRole('textbox', { name: '版本' }).fill('2019');
          await dialog.getByRole('textbox', { name: '条款' }).fill('8');
          if (candidate === SCENARIO_A.disciplineHead) {
            await screenshot(page, '22-trace-back-proposal');
            expect(await seriousAccessibilityViolations(page)).toEqual([]);
          }
        });
        last = task.taskId;
      }
      // 集体研究: the standing committee votes on the case page until the majority closes the task.
      const decision = await openTask(review, 'decision');
      expect(decision.kind).toBe('collectiveDecision');
      for (const voter of STANDING_COMMITTEE) {
        const workflowId = await review();
        const now = (await view()).openTasks.find((t) => t.workflowId === workflowId && t.stage === 'decision');
        if (!now) break;
        await decideOnCasePage(voter, candidate.name, 'decision', '作出问责决定');
        await eventually(async () => {
          const after = (await view()).openTasks.find((t) => t.taskId === now.taskId);
          return !after || after.version > now.version ? true : undefined;
        }, `${voter}'s vote counted`);
      }
      const notice = await openTask(review, 'noticeServed');
      await decideOnCasePage(notice.assigneeId!, candidate.name, 'noticeServed', '已送达');
    }
  }, 600_000);

  it(
    'shows the accountability summary by name once the appeal windows have passed',
    async () => {
      const concluded = await eventually(
        async () => {
          const v = await view();
          return v.traceBack === 'CONCLUDED' && v.summary ? v : undefined;
        },
        'the trace-back concluded with a summary',
        WINDOW_MS,
      );
      expect(
        concluded.summary!.primaryResponsibility.map((e) => [e.candidateKey, e.outcome, e.finalMeasures.forms]),
      ).toEqual([
        [SCENARIO_A.secretary.key, 'HELD_ACCOUNTABLE', ['CIRCULATE']],
        [SCENARIO_A.procurement.key, 'HELD_ACCOUNTABLE', ['ADMONISH']],
      ]);

      const page = await caseAs(COUNTY.principalLeader);
      const summary = page.locator('.accountability-summary');
      await summary.waitFor();
      const text = await summary.innerText();
      expect(text).toMatch(/主体责任[\s\S]*李明[\s\S]*主要领导责任[\s\S]*予以问责[\s\S]*通报/);
      expect(text).toMatch(/陈刚[\s\S]*诫勉/);
      expect(text).toMatch(/监督责任[\s\S]*赵军[\s\S]*通报[\s\S]*从重或加重：两次举报未督促处理/);
      expect(text).toContain('已移除的倒查对象');
      expect(await page.getByRole('main').innerText()).not.toMatch(/\bp-\d{4}\b|person-p-/);
      const traceBackSide = page.locator('[data-side="traceBack"]');
      await expect(traceBackSide.innerText()).resolves.toMatch(/逐人核查[\s\S]*复核终局[\s\S]*主要领导责任[\s\S]*李明/);
      await summary.scrollIntoViewIfNeeded();
      await screenshot(page, '23-trace-back-summary');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    },
    WINDOW_MS + 60_000,
  );
});
