import type { Browser, Locator, Page } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, COUNTY, countyCaseBody, signedInAs, withoutDevDirectory } from './support/console-driver';

interface InboxTask {
  taskId: string;
  caseId: string;
  stage: string;
}

/** compressed-2026.1: one calendar day passes in 2 s, so an untouched intake task is overdue within a minute. */
const COMPRESSED = 'compressed-2026.1';
const UNIT_NAME = '清水县卫生健康局';

/** Refreshes the dashboard until `row` is there: the lists are projections of the workflows. */
async function refreshUntil(page: Page, row: Locator, what: string, timeoutMs = 60_000): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await row.count()) > 0) return row;
    if (Date.now() > deadline) throw new Error(`${what} never showed on the dashboard`);
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/supervision/overdue')),
      page.getByRole('button', { name: '刷新' }).click(),
    ]);
  }
}

/** Picks an option of one of the dashboard's filters by its label. */
async function chooseFilter(page: Page, filter: string, option: string, search = false): Promise<void> {
  const box = page.getByRole('combobox', { name: filter });
  await box.click();
  // The unit list is long and virtual: typing narrows it to the option.
  if (search) await box.fill(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  await page.locator('.ant-select', { has: box }).getByText(option).first().waitFor();
}

describe('the supervision dashboard in the browser', () => {
  let stack: AppStack;
  let browser: Browser;
  let opened: { caseId: string; caseNo: string };
  let watched: { caseId: string; caseNo: string };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
    const opener = await apiAs(stack, COUNTY.caseManagementOfficer);
    const body = countyCaseBody(COMPRESSED);
    const res = await opener.post<{ caseId: string }>('/cases', body);
    if (res.status !== 201) throw new Error(`POST /cases: ${res.status} ${JSON.stringify(res.body)}`);
    opened = { caseId: res.body.caseId, caseNo: body.caseNo };
    const second = countyCaseBody(COMPRESSED);
    const res2 = await opener.post<{ caseId: string }>('/cases', second);
    if (res2.status !== 201) throw new Error(`POST /cases: ${res2.status} ${JSON.stringify(res2.body)}`);
    watched = { caseId: res2.body.caseId, caseNo: second.caseNo };
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

  it('shows a compressed case’s task turning overdue on the dashboard; the case-management director filters, opens the case and reassigns the task', async () => {
    const page = await signedInAs(browser, stack, COUNTY.caseManagementDirector);
    await page.getByRole('link', { name: '监督' }).click();
    await page.getByRole('heading', { name: '监督' }).waitFor();
    // The overdue tab is the one open, and the only table rendered until another tab is chosen.
    const overdueRows = page.locator('.ant-table-tbody').first().getByRole('row');
    const row = overdueRows.filter({ hasText: watched.caseNo });
    // Due in case time (one day per 2 s): without judging it on the case's clock it would not show for weeks.
    await refreshUntil(page, row, `the overdue intake task of ${watched.caseNo}`);
    await expect(row.innerText()).resolves.toMatch(/受理[\s\S]*胡悦/);

    await chooseFilter(page, '单位', UNIT_NAME, true);
    await chooseFilter(page, '环节', '受理');
    await chooseFilter(page, '督办层级', '1级 上级及以上');
    // Its escalation to the superior may land a moment after the case's clock passed the due date.
    await refreshUntil(page, row, `${watched.caseNo} under the filters`);
    const rows = await overdueRows.allInnerTexts();
    expect(rows.every((text) => text.includes(UNIT_NAME) && text.includes('受理') && /级/.test(text))).toBe(true);
    const temporal = row.getByRole('link', { name: `在 Temporal 中查看 ${watched.caseNo}` });
    await expect(temporal.getAttribute('href')).resolves.toMatch(
      new RegExp(`/namespaces/default/workflows/${encodeURIComponent(watched.caseId)}$`),
    );
    await screenshot(page, '24-supervision-overdue-filtered');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.getByRole('link', { name: watched.caseNo, exact: true }).click();
    await expect(page.getByRole('heading', { name: /案件详情/ }).innerText()).resolves.toContain(watched.caseNo);
    await page.goBack();
    await page.getByRole('heading', { name: '监督' }).waitFor();
    await refreshUntil(page, row, `${watched.caseNo} after coming back`);

    await row.getByRole('button', { name: `改派 ${watched.caseNo}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').fill('宋佳');
    await page.locator('.ant-select-item-option', { hasText: '宋佳' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByRole('textbox', { name: '改派理由' }).fill('承办人请假，由案管室主任接办');
    await dialog.getByRole('button', { name: '提交' }).click();
    const outcome = page.getByText('已改派给 宋佳').or(dialog.getByRole('alert'));
    await outcome.first().waitFor();
    await expect(outcome.first().innerText()).resolves.toBe('已改派给 宋佳');
    const reassigned = row.filter({ hasText: '宋佳' });
    await refreshUntil(page, reassigned, `${watched.caseNo} held by 宋佳`);

    await page.getByText('已改派给 宋佳').waitFor({ state: 'hidden' });
    // 宋佳 now holds it and registers the case, late: the month's overdue rate of the unit has a figure.
    const director = await apiAs(stack, COUNTY.caseManagementDirector);
    const held = (await director.get<{ items: (InboxTask & { version: number })[] }>('/tasks')).body.items.find(
      (t) => t.caseId === watched.caseId && t.stage === 'intake',
    );
    if (!held) throw new Error(`the intake task of ${watched.caseNo} is not 宋佳's`);
    const decided = await director.post(`/tasks/${held.taskId}/decision`, {
      taskVersion: held.version,
      outcome: 'REGISTERED',
      comment: '受理：举报线索具体，予以登记',
    });
    expect(decided.status).toBe(200);
    await page.getByRole('tab', { name: '统计' }).click();
    const perStage = page.locator('.ant-card').filter({ hasText: '各环节案件数' });
    await expect(perStage.innerText()).resolves.toContain('受理');
    // Escalations and decisions carry case time, which under compression runs weeks ahead of the calendar.
    const ahead = new Date(Date.now() + 90 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/supervision/stats')),
      page.getByLabel('至').fill(ahead),
    ]);
    const byLevel = page.locator('.ant-card').filter({ hasText: '各层级督办次数' });
    await byLevel.getByText('2级 案管室').waitFor();
    await expect(byLevel.innerText()).resolves.toMatch(/1级 上级[\s\S]*2级 案管室/);
    const trend = page.locator('.ant-card').filter({ hasText: '各单位超期办结率（按月）' });
    await refreshUntil(page, trend.getByRole('rowheader', { name: UNIT_NAME }), 'the unit’s overdue rate this month');
    const byUnit = page.locator('.ant-card').filter({ hasText: '各单位督办次数' });
    await expect(byUnit.innerText()).resolves.toContain(UNIT_NAME);
    await screenshot(page, '25-supervision-charts');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // As production serves the page, without the local directory: the holder's name comes from GET /people.
    await withoutDevDirectory(page);
    const other = overdueRows.filter({ hasText: opened.caseNo });
    await refreshUntil(page, other.filter({ hasText: /胡悦|宋佳/ }), `${opened.caseNo}'s holder by name`);
    await expect(other.innerText()).resolves.not.toMatch(/\bp-\d{4}\b/);
    await page.context().close();
  }, 300_000);
  it('says why a compressed case is stalled, what it waits on, and that its times are case time', async () => {
    const page = await signedInAs(browser, stack, COUNTY.caseManagementDirector);
    await page.getByRole('link', { name: '监督' }).click();
    await page.getByRole('heading', { name: '监督' }).waitFor();
    await page.getByRole('tab', { name: /停滞案件/ }).click();
    const row = page.locator('.ant-table-tbody:visible').getByRole('row').filter({ hasText: opened.caseNo });
    // Overdue on its own clock within seconds; idle on it within half a minute.
    const deadline = Date.now() + 90_000;
    while ((await row.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`${opened.caseNo} never showed as stalled`);
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/supervision/stalled')),
        page.getByRole('button', { name: '刷新' }).click(),
      ]);
    }
    const text = await row.innerText();
    expect(text).toMatch(/环节超期|长期无进展/);
    expect(text).toMatch(/承办人办理|领导审批/);
    expect(text).toContain('案件时间（压缩演示）');
    await screenshot(page, '40-supervision-stalled-why');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.getByRole('link', { name: opened.caseNo, exact: true }).click();
    const summary = page.locator('.ant-descriptions').first();
    await summary.getByText('时间口径').waitFor();
    await expect(summary.innerText()).resolves.toMatch(/线索受理日期[\s\S]*案件时间（压缩演示）/);
    await page.context().close();
  });
});
