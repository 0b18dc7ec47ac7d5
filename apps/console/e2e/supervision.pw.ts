import type { Browser } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, COUNTY, countyCaseBody, signedInAs } from './support/console-driver';

interface InboxTask {
  taskId: string;
  caseId: string;
  stage: string;
}

/** compressed-2026.1: one calendar day passes in 2 s, so an untouched intake task is overdue within a minute. */
const COMPRESSED = 'compressed-2026.1';

describe('the supervision dashboard in the browser', () => {
  let stack: AppStack;
  let browser: Browser;
  let opened: { caseId: string; caseNo: string };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
    const opener = await apiAs(stack, COUNTY.caseManagementOfficer);
    const body = countyCaseBody(COMPRESSED);
    const res = await opener.post<{ caseId: string }>('/cases', body);
    if (res.status !== 201) throw new Error(`POST /cases: ${res.status} ${JSON.stringify(res.body)}`);
    opened = { caseId: res.body.caseId, caseNo: body.caseNo };
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the dashboard with its filters, tables and statistics', async () => {
    const page = await signedInAs(browser, stack, COUNTY.caseManagementDirector);
    await page.getByRole('link', { name: '监督' }).click();
    await page.getByRole('heading', { name: '监督' }).waitFor();
    await page.getByRole('tab', { name: /超期事项/ }).waitFor();
    await page.locator('.ant-table-tbody').first().waitFor();
    await screenshot(page, '07-supervision');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: '统计' }).click();
    const perStage = page.locator('.ant-card').filter({ hasText: '各环节案件数' });
    await expect(perStage.innerText()).resolves.toContain('受理');
    await screenshot(page, '08-supervision-stats');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the case turning overdue and lets the leader in charge, one of its supervisors, reassign its task', async () => {
    const page = await signedInAs(browser, stack, COUNTY.leaderInCharge);
    await page.goto(`${stack.baseUrl}/console/cases/${encodeURIComponent(opened.caseId)}`);
    await page.getByRole('heading', { name: /案件详情/ }).waitFor();
    const overdueTag = page.locator('.ant-descriptions').getByText('已超期');
    const deadline = Date.now() + 90_000;
    while ((await overdueTag.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`${opened.caseNo} never turned overdue`);
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/audit/verify')),
        page.getByRole('button', { name: '刷新' }).click(),
      ]);
    }
    const openTasks = page.locator('.ant-card').filter({ hasText: '待办事项' });
    await expect(openTasks.innerText()).resolves.toMatch(/已超期[\s\S]*受理[\s\S]*胡悦/);

    await openTasks.getByRole('button', { name: '改派 受理' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').fill('宋佳');
    // Candidates come from GET /people: the staff of the leader's jurisdictions, with their posts.
    await page.locator('.ant-select-item-option', { hasText: '宋佳' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByRole('textbox', { name: '改派理由' }).fill('承办人请假，由主任接办');
    await screenshot(page, '09-reassign');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '提交' }).click();
    const outcome = page.getByText('已改派给 宋佳').or(dialog.getByRole('alert'));
    await outcome.first().waitFor();
    await expect(outcome.first().innerText()).resolves.toBe('已改派给 宋佳');

    const director = await apiAs(stack, COUNTY.caseManagementDirector);
    const inbox = await director.get<{ items: InboxTask[] }>('/tasks');
    expect(inbox.body.items.some((t) => t.caseId === opened.caseId && t.stage === 'intake')).toBe(true);
    await page.context().close();
  });
});
