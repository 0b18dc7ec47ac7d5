import type { Browser, Page } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, COUNTY, signedInAs } from './support/console-driver';

/** infra/seed/sample-org.json: the county's two investigators; the proposal cannot choose between them. */
const INVESTIGATORS = { maJun: 'p-0028', liuYang: 'p-0029' } as const;

/** The form's 立案登记 page, reached from the menu. */
async function openForm(page: Page): Promise<void> {
  await page.getByRole('link', { name: '立案登记' }).click();
  await page.getByRole('heading', { name: '立案登记' }).waitFor();
}

async function pickUnit(page: Page, unitName: string): Promise<void> {
  await page.getByLabel('被反映单位').click();
  await page.locator('.ant-select-tree-title', { hasText: unitName }).click();
}

async function pickOption(page: Page, label: string, optionText: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.locator('.ant-select-item-option:visible', { hasText: optionText }).click();
  await page.keyboard.press('Escape');
}

async function typeDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(date);
  // Tab, not Enter: Enter in a form's field submits the form, as it does in any HTML form.
  await input.press('Tab');
}

const postCases = (page: Page) =>
  page.waitForResponse((r) => new URL(r.url()).pathname === '/cases' && r.request().method() === 'POST');

describe('open a case (立案登记) in the browser', () => {
  let stack: AppStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens a case from the org tree with the proposed participants and another investigator', async () => {
    const page = await signedInAs(browser, stack, COUNTY.caseManagementOfficer);
    await openForm(page);
    await pickUnit(page, '清水县卫生健康局');
    await pickOption(page, '被反映人', '陈刚 · 党组成员、副局长');
    const domains = page.getByRole('combobox', { name: '涉及领域' });
    await domains.fill('procurement');
    await domains.press('Enter');
    await page.keyboard.press('Escape');
    await typeDate(page, '期间1 起', '2022-01-01');
    await typeDate(page, '期间1 止', '2024-06-30');
    await page.getByLabel('预计处分在留党察看以上').check();
    await page.getByLabel('问题持续月数').fill('30');

    // Each role with the person's name and post and why the org model put them there.
    const participants = page.locator('.open-case-participants');
    const row = (role: string) => participants.getByRole('row').filter({ has: page.getByText(role, { exact: true }) });
    await row('分管领导').getByText('王磊').waitFor();
    await expect(row('分管领导').innerText()).resolves.toMatch(/王磊[\s\S]*县纪委副书记[\s\S]*分管中共清水县委员会/);
    await expect(row('案件监督管理').innerText()).resolves.toMatch(/胡悦[\s\S]*案件监督管理室干部[\s\S]*负责登记/);
    const reviewers = await row('审理人员').innerText();
    for (const part of ['梁晨 案件审理室主任', '唐宁 案件审理室干部', '二人以上']) expect(reviewers).toContain(part);
    await pickOption(page, '承办人', '马骏');
    await pickOption(page, '承办人', '刘洋');
    await expect(row('承办人').innerText()).resolves.toContain('刘洋 · 审查调查室干部');
    await page.getByRole('heading', { name: '立案登记' }).scrollIntoViewIfNeeded();
    await screenshot(page, '18-open-case');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const [response] = await Promise.all([postCases(page), page.getByRole('button', { name: '提交立案登记' }).click()]);
    expect(response.status()).toBe(201);
    const sent = response.request().postDataJSON() as Record<string, unknown>;
    expect(sent).toMatchObject({
      unitId: COUNTY.unit,
      jurisdictionId: COUNTY.jurisdiction,
      subjectIds: [COUNTY.subject],
      domains: ['procurement'],
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      caseOfficerId: INVESTIGATORS.liuYang,
    });
    const created = (await response.json()) as { caseId: string; caseNo: string; documentNo: string };
    await page.getByText('已立案登记').waitFor();
    await expect(page.locator('[data-case-no]').innerText()).resolves.toBe(created.caseNo);
    await expect(page.locator('[data-document-no]').innerText()).resolves.toBe(created.documentNo);
    expect(created.documentNo).not.toBe('');
    await screenshot(page, '19-case-opened');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: '查看案件' }).click();
    await page.getByRole('heading', { name: new RegExp(`案件详情\\s*${created.caseNo}`) }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/cases/${encodeURIComponent(created.caseId)}`);
    await page.context().close();
  });

  it('says at the field what is wrong, keeps what was typed and opens nothing until it is right', async () => {
    const officer = await apiAs(stack, COUNTY.caseManagementOfficer);
    const casesOfUnit = async () =>
      (await officer.get<{ items: { caseId: string }[] }>('/cases?unit=u-county-natres&limit=100')).body.items.length;
    const before = await casesOfUnit();
    const page = await signedInAs(browser, stack, COUNTY.caseManagementOfficer);
    await openForm(page);
    await pickUnit(page, '清水县自然资源局');
    await typeDate(page, '期间1 起', '2024-06-30');
    await typeDate(page, '期间1 止', '2022-01-01');
    await pickOption(page, '承办人', '马骏');

    // No subject: the form says so itself and sends nothing.
    let posted = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/cases' && r.method() === 'POST') posted += 1;
    });
    await page.getByRole('button', { name: '提交立案登记' }).click();
    await page.getByText('请至少选择一名被反映人').waitFor();
    expect(posted).toBe(0);

    // A period that ends before it starts: the API's answer lands on the end date.
    await pickOption(page, '被反映人', '党组书记、局长');
    const [refused] = await Promise.all([postCases(page), page.getByRole('button', { name: '提交立案登记' }).click()]);
    expect(refused.status()).toBe(400);
    const periodEnd = page.locator('.ant-form-item').filter({ has: page.getByLabel('期间1 止') });
    await periodEnd.locator('.ant-form-item-explain-error', { hasText: 'must not be before from' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: '未能立案登记' });
    await expect(alert.innerText()).resolves.toMatch(/代码: VALIDATION_FAILED · 追踪号: \S+/);
    await expect(page.getByLabel('期间1 起').inputValue()).resolves.toBe('2024-06-30');
    await expect(page.getByLabel('期间1 止').inputValue()).resolves.toBe('2022-01-01');
    await expect(page.locator('.ant-select-selection-item', { hasText: '党组书记、局长' }).count()).resolves.toBe(1);
    await page.getByRole('heading', { name: '立案登记' }).scrollIntoViewIfNeeded();
    await screenshot(page, '20-open-case-refused');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await casesOfUnit()).toBe(before);

    // Corrected, the same form opens the case.
    await typeDate(page, '期间1 止', '2024-12-31');
    const [opened] = await Promise.all([postCases(page), page.getByRole('button', { name: '提交立案登记' }).click()]);
    expect(opened.status()).toBe(201);
    await page.getByText('已立案登记').waitFor();
    expect((opened.request().postDataJSON() as { subjectIds: string[] }).subjectIds).toEqual(['p-0043']);
    await page.context().close();
  });

  it('links 立案登记 only for people who may open cases', async () => {
    const page = await signedInAs(browser, stack, COUNTY.principalLeader);
    await page.getByRole('link', { name: '监督' }).waitFor();
    await expect(page.getByRole('link', { name: '立案登记' }).count()).resolves.toBe(0);
    await page.context().close();
  });
});
