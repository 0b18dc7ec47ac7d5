import type { Browser } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { eventually } from '../../../test/e2e/support/eventually';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import {
  apiAs,
  COUNTY,
  countyCaseBody,
  decideInBrowser,
  signedInAs,
  taskRow,
  withoutDevDirectory,
} from './support/console-driver';

interface InboxTask {
  taskId: string;
  caseId: string;
  stage: string;
  version: number;
}

describe('my work (我的待办) in the browser', () => {
  let stack: AppStack;
  let browser: Browser;
  let caseId: string;
  /** compressed-2026.1 (one calendar day in 2 s): its intake task warns and reminds its officer within a minute. */
  let hurried: { caseId: string; caseNo: string };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
    const opener = await apiAs(stack, COUNTY.caseManagementOfficer);
    const opened = await opener.post<{ caseId: string }>('/cases', countyCaseBody());
    if (opened.status !== 201) throw new Error(`POST /cases: ${opened.status} ${JSON.stringify(opened.body)}`);
    caseId = opened.body.caseId;
    const hurriedBody = countyCaseBody('compressed-2026.1');
    const hurriedCase = await opener.post<{ caseId: string }>('/cases', hurriedBody);
    if (hurriedCase.status !== 201) throw new Error(`POST /cases: ${hurriedCase.status}`);
    hurried = { caseId: hurriedCase.body.caseId, caseNo: hurriedBody.caseNo };
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the intake task with its due date and lets the case-management officer register it', async () => {
    const page = await signedInAs(browser, stack, COUNTY.caseManagementOfficer);
    const row = page.getByRole('row').filter({ has: await taskRow(page, caseId, '受理') });
    await expect(row.innerText()).resolves.toMatch(/受理[\s\S]*决定[\s\S]*\d{4}\/\d{2}\/\d{2}[\s\S]*个工作日/);
    await screenshot(page, '03-my-work');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await (await taskRow(page, caseId, '受理')).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.locator('.ant-radio-button-wrapper').allInnerTexts()).resolves.toEqual(['登记受理', '移送']);
    await screenshot(page, '04-decision-dialog');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '取消' }).click();

    await decideInBrowser(page, caseId, '受理', '登记受理');
    await page.getByRole('button', { name: `办理 ${caseId} 受理` }).waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('keeps what was typed and says why when a decision is refused', async () => {
    const page = await signedInAs(browser, stack, COUNTY.investigator);
    await (await taskRow(page, caseId, '线索处置')).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('label.ant-radio-button-wrapper', { hasText: '初步核实' }).click();
    await dialog.getByRole('textbox', { name: '说明' }).fill('线索具体，需初核');

    // The same task decided elsewhere (another tab) while this dialog was open.
    const investigator = await apiAs(stack, COUNTY.investigator);
    const inbox = await investigator.get<{ items: InboxTask[] }>('/tasks');
    const task = inbox.body.items.find((t) => t.caseId === caseId && t.stage === 'clueDisposal')!;
    const elsewhere = await investigator.post(`/tasks/${task.taskId}/decision`, {
      taskVersion: task.version,
      outcome: 'PRELIM_VERIFY',
      teamIds: [COUNTY.investigator, COUNTY.secondInvestigator],
    });
    expect(elsewhere.status).toBe(200);

    await dialog.getByRole('button', { name: '提交' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    const code = await alert.getAttribute('data-problem-code');
    expect(code).toMatch(/^(DUPLICATE_DECISION|STALE_TASK_VERSION|WRONG_STAGE|TASK_NOT_FOUND)$/);
    await expect(alert.innerText()).resolves.toMatch(new RegExp(`未能提交[\\s\\S]*代码: ${code} · 追踪号: \\S+`));
    await expect(dialog.getByRole('textbox', { name: '说明' }).inputValue()).resolves.toBe('线索具体，需初核');
    await expect(dialog.getByRole('radio', { name: '初步核实' }).isChecked()).resolves.toBe(true);
    await screenshot(page, '05-decision-refused');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the case with its timeline by name and lets the leader in charge approve from it', async () => {
    const page = await signedInAs(browser, stack, COUNTY.leaderInCharge);
    await taskRow(page, caseId, '线索处置');
    await page.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { name: /案件详情/ }).waitFor();
    const timeline = page.locator('.stage-timeline').first();
    await timeline.getByText('登记受理').waitFor();
    await expect(timeline.innerText()).resolves.toContain('胡悦');
    const openTasks = page.locator('.ant-card').filter({ hasText: '待办事项' });
    await expect(openTasks.innerText()).resolves.toContain('王磊');
    await page.getByText(/审计链完整/).waitFor();
    await screenshot(page, '06-case-detail');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await openTasks.getByRole('button', { name: '办理' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('label.ant-radio-button-wrapper', { hasText: '同意' }).click();
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('已提交：同意').waitFor();
    await page.getByText('初步核实', { exact: true }).first().waitFor();
    await page.context().close();
  });

  it('takes the violation investigation from preliminary verification to the sanction decision in the browser', async () => {
    const principal = await apiAs(stack, COUNTY.principalLeader);
    const steps: [stage: string, outcome: string][] = [
      ['preliminaryVerification', '立案审查调查'],
      ['preliminaryVerification', '同意'],
      ['filing', '立案'],
      ['filing', '同意'],
      ['investigation', '移送审理'],
      ['investigation', '同意'],
      ['trialReview', '同意调查意见'],
      // The second reviewer, the trial office director, then the principal leader (WR arts. 55–56).
      ['trialReview', '同意'],
      ['trialReview', '同意'],
      ['trialReview', '同意'],
    ];
    const stageLabels: Record<string, string> = {
      preliminaryVerification: '初步核实',
      filing: '立案',
      investigation: '审查调查',
      trialReview: '审理',
    };
    for (const [stage, outcome] of steps) {
      // Whoever the workflow routed the step to (the case's open task), as the principal leader sees it.
      const assigneeId = await eventually(
        async () =>
          (
            await principal.get<{ openTasks?: { stage: string; assigneeId: string }[] }>(
              `/cases/${encodeURIComponent(caseId)}`,
            )
          ).body.openTasks?.find((t) => t.stage === stage)?.assigneeId,
        `an open ${stage} task on ${caseId}`,
        30_000,
      );
      const page = await signedInAs(browser, stack, assigneeId);
      // Filing opens the investigation, a team's work (DOMAIN §2): the officer names the team in the dialog.
      await decideInBrowser(
        page,
        caseId,
        stageLabels[stage],
        outcome,
        outcome === '立案' ? COUNTY.investigatorNames : [],
      );
      await page.context().close();
    }
    const page = await signedInAs(browser, stack, COUNTY.principalLeader);
    await page.goto(`${stack.baseUrl}/console/cases/${encodeURIComponent(caseId)}`);
    const stageCell = page.locator('.ant-descriptions-item').filter({ hasText: '当前环节' });
    await expect(stageCell.innerText()).resolves.toContain('处分决定');
    await screenshot(page, '13-case-at-sanction');
    await page.context().close();
  });

  it('marks the sanction decision as a vote the standing committee member must cast', async () => {
    const page = await signedInAs(browser, stack, COUNTY.deputy);
    const decide = await taskRow(page, caseId, '处分决定');
    const row = page.getByRole('row').filter({ has: decide });
    await expect(row.locator('[data-inbox-reason]').innerText()).resolves.toBe('待我表决');
    await screenshot(page, '14-my-work-vote');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lists unread notifications with their count in the header and marks one read', async () => {
    const page = await signedInAs(browser, stack, COUNTY.caseManagementOfficer);
    const notifications = page.locator('#notifications');
    const ofHurried = notifications.getByRole('row').filter({ hasText: hurried.caseNo });
    const deadline = Date.now() + 90_000;
    while ((await ofHurried.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`no notification about ${hurried.caseNo}`);
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/notifications'),
        page.getByRole('button', { name: '刷新' }).click(),
      ]);
    }
    const badge = page.locator('a.notification-badge');
    const unread = async () => Number((await badge.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    await expect(notifications.innerText()).resolves.toContain(`${before} 条未读`);
    await expect(ofHurried.first().innerText()).resolves.toMatch(/(预警|到期提醒|超期督办)[\s\S]*受理/);
    await screenshot(page, '15-notifications');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const first = ofHurried.first();
    const notificationId = await first.getAttribute('data-row-key');
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/notifications/${notificationId}/read` && r.ok()),
      first.getByRole('button', { name: /^标为已读/ }).click(),
    ]);
    await notifications.locator(`tr[data-row-key="${notificationId}"]`).waitFor({ state: 'detached' });
    const officer = await apiAs(stack, COUNTY.caseManagementOfficer);
    const after = await officer.get<{ unreadCount: number; items: { notificationId: string; read: boolean }[] }>(
      '/notifications?limit=200',
    );
    expect(after.body.items.find((n) => n.notificationId === notificationId)?.read).toBe(true);
    // The compressed clock may still add warnings meanwhile, so the header is compared with the server's count.
    await eventually(
      async () => {
        const server = (await officer.get<{ unreadCount: number }>('/notifications')).body.unreadCount;
        if ((await unread()) === server) return true;
        await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/notifications'),
          page.getByRole('button', { name: '刷新' }).click(),
        ]);
        return undefined;
      },
      'the header badge showing the unread count',
      30_000,
    );
    await page.context().close();
  });

  it('shows an overdue task escalated to me as one to follow up with its holder, not to decide', async () => {
    const principal = await apiAs(stack, COUNTY.principalLeader);
    type Audit = { items: { action: string; after: { recipientId?: string | null } }[] };
    // Whoever the compressed case's escalation reached beyond its own officer (the escalation policy decides).
    const recipientId = await eventually(
      async () =>
        (await principal.get<Audit>(`/cases/${encodeURIComponent(hurried.caseId)}/audit?limit=200`)).body.items.find(
          (e) =>
            e.action === 'TASK_ESCALATED' &&
            e.after.recipientId &&
            e.after.recipientId !== COUNTY.caseManagementOfficer,
        )?.after.recipientId ?? undefined,
      `an escalation of ${hurried.caseId} to someone else`,
      90_000,
    );
    const page = await signedInAs(browser, stack, recipientId);
    const followUp = page.getByRole('link', { name: `跟进 ${hurried.caseId}` });
    await eventually(
      async () => {
        if ((await followUp.count()) > 0) return true;
        await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/tasks'),
          page.getByRole('button', { name: '刷新' }).click(),
        ]);
        return undefined;
      },
      `the escalated intake of ${hurried.caseId} in the inbox of ${recipientId}`,
      45_000,
    );
    const row = page.getByRole('row').filter({ has: followUp });
    await expect(row.locator('[data-inbox-reason]').innerText()).resolves.toBe('督办到我');
    await expect(row.innerText()).resolves.toMatch(/承办人：胡悦 案件监督管理室干部/);
    await expect(row.getByRole('button', { name: /^办理/ }).count()).resolves.toBe(0);
    await screenshot(page, '16-my-work-escalated');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('names the people of a case from the API when config.json has no directory, as in production', async () => {
    const page = await signedInAs(browser, stack, COUNTY.principalLeader);
    await withoutDevDirectory(page);
    await page.goto(`${stack.baseUrl}/console/cases/${encodeURIComponent(caseId)}`);
    const timeline = page.locator('.stage-timeline').first();
    await timeline.getByText('登记受理').waitFor();
    // 胡悦 registered the intake; 王磊 holds the investigation side. The posts come with the names.
    await expect(timeline.innerText()).resolves.toMatch(/胡悦 案件监督管理室干部/);
    await expect(timeline.innerText()).resolves.toContain('王磊');
    await expect(page.getByRole('main').innerText()).resolves.not.toMatch(/\bp-\d{4}\b/);
    await page.context().close();
  });

  it('shows whom a recusal task concerns by name and post from the API, never the id', async () => {
    const opener = await apiAs(stack, COUNTY.caseManagementOfficer);
    const opened = await opener.post<{ caseId: string }>('/cases', countyCaseBody());
    expect(opened.status).toBe(201);
    const [tang] = COUNTY.trialReviewers;
    const requested = await opener.post(`/cases/${opened.body.caseId}/conflicts`, {
      personId: tang,
      ground: 'WITNESS',
      reason: '见证了合同签订 / witnessed the contract',
    });
    expect(requested.status).toBe(200);
    const page = await signedInAs(browser, stack, COUNTY.principalLeader);
    await withoutDevDirectory(page);
    const row = page.getByRole('row').filter({ has: await taskRow(page, opened.body.caseId, '回避决定') });
    await expect(row.innerText()).resolves.toContain('涉及人员：唐宁 案件审理室干部');
    await expect(row.innerText()).resolves.not.toContain(tang);
    await page.context().close();
  });
});
