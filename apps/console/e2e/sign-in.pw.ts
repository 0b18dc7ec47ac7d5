import type { Browser, Page } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { launchChromium, openPage, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';

describe('signing in to the console on the local stack', () => {
  let stack: AppStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    page = await openPage(browser);
  });

  afterEach(async () => {
    await page.context().close();
  });

  it('lists the sample org by name and post in Chinese and signs in as the chosen person', async () => {
    await page.goto(`${stack.baseUrl}/console/`);
    await page.getByRole('heading', { name: '登录双查工作台' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '清水县纪委监委' }).first();
    await row.waitFor();
    await screenshot(page, '01-sign-in');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('searchbox').fill('p-0032');
    const officer = page.getByRole('row').filter({ has: page.locator('[data-person-id="p-0032"]') });
    const name = (await officer.getByRole('cell').first().innerText()).trim();
    expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
    await officer.getByRole('button').click();

    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.getByText('共 0 项待办').waitFor();
    await expect(page.locator('.app-user-name').innerText()).resolves.toContain(name);
    await screenshot(page, '02-my-work-empty');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('switches to English and back', async () => {
    await page.goto(`${stack.baseUrl}/console/`);
    await page.getByRole('searchbox').fill('p-0032');
    await page.locator('[data-person-id="p-0032"]').click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
  });
});
