import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, signedInAs } from './support/console-driver';

/** infra/seed/sample-org.json: the city commission supervises the housing bureau's party group. */
const CITY = {
  committee: 'u-city-committee',
  housing: 'u-city-housing',
  caseManagementOfficer: 'p-0007',
  verifier: 'p-0006',
  leaderInCharge: 'p-0003',
  deputy: 'p-0004',
  responsible: 'p-0013',
  responsibleSuperior: 'p-0015',
} as const;

describe('the rectification board in the browser', () => {
  let stack: AppStack;
  let browser: Browser;
  let listId: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
    const dueDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const opener = await apiAs(stack, CITY.caseManagementOfficer);
    const res = await opener.post<{ listId: string }>('/rectification/lists', {
      listNo: `2026-RB-${randomUUID().slice(0, 8)}`,
      source: 'INSPECTION_FEEDBACK',
      supervisingBodyId: CITY.committee,
      policyVersion: 'dom-2026.1',
      participants: {
        verifierIds: [CITY.verifier, CITY.caseManagementOfficer],
        caseManagementOfficerId: CITY.caseManagementOfficer,
        leaderInChargeId: CITY.leaderInCharge,
        higherCommissionCaseManagementId: CITY.deputy,
        superiorOf: { [CITY.responsible]: CITY.responsibleSuperior },
      },
      items: [
        {
          itemKey: 'H1',
          problem: '党组会议议事规则未及时修订',
          measure: '修订并印发议事规则',
          responsiblePersonId: CITY.responsible,
          responsibleUnitId: CITY.housing,
          dueDate,
          evidenceRequirements: [{ kind: 'REGULATION', description: '印发的议事规则' }],
        },
      ],
    });
    if (res.status !== 201) throw new Error(`POST /rectification/lists: ${res.status} ${JSON.stringify(res.body)}`);
    listId = res.body.listId;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('takes one item from submission with checksummed evidence to sign-off by the verifier', async () => {
    const responsible = await signedInAs(browser, stack, CITY.responsible);
    const fill = responsible.getByRole('link', { name: `填报 ${listId}` });
    for (let tries = 0; (await fill.count()) === 0; tries += 1) {
      if (tries > 30) throw new Error(`no rectification task of ${listId}`);
      await Promise.all([
        responsible.waitForResponse((r) => new URL(r.url()).pathname === '/tasks'),
        responsible.getByRole('button', { name: '刷新' }).click(),
      ]);
    }
    await fill.click();
    await responsible.getByRole('heading', { name: /整改台账/ }).waitFor();
    await responsible.getByRole('button', { name: '提交整改 H1' }).click();
    const dialog = responsible.getByRole('dialog');
    await dialog.getByRole('textbox').first().fill('议事规则已经党组会议审议通过并印发');
    await dialog.getByLabel('材料类型').click();
    await responsible.getByTitle('制度').click();
    await dialog.getByLabel('文件').setInputFiles({
      name: '议事规则-2026.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('rules adopted 2026'),
    });
    await dialog.getByText('议事规则-2026.pdf').waitFor();
    await screenshot(responsible, '10-rectification-submit');
    expect(await seriousAccessibilityViolations(responsible)).toEqual([]);
    await dialog.getByRole('button', { name: '提交' }).click();
    await responsible.getByText('已提交，等待验收').waitFor();
    await responsible.locator('[data-state="SUBMITTED"]').waitFor();
    await responsible.context().close();

    const verifier = await signedInAs(browser, stack, CITY.verifier);
    await verifier.goto(`${stack.baseUrl}/console/rectification/${encodeURIComponent(listId)}`);
    const verify = verifier.getByRole('button', { name: '验收 H1' });
    for (let tries = 0; (await verify.count()) === 0; tries += 1) {
      if (tries > 30) throw new Error(`no verification task of H1 for ${CITY.verifier}`);
      await Promise.all([
        verifier.waitForResponse((r) => new URL(r.url()).pathname === '/tasks'),
        verifier.getByRole('button', { name: '刷新' }).click(),
      ]);
    }
    await expect(verifier.getByRole('row').filter({ hasText: 'H1' }).innerText()).resolves.toMatch(
      /H1[\s\S]*\p{Script=Han}{2,3}[\s\S]*临江市住房和城乡建设局[\s\S]*待验收/u,
    );
    await screenshot(verifier, '11-rectification-board');
    expect(await seriousAccessibilityViolations(verifier)).toEqual([]);
    await verify.click();
    const decision = verifier.getByRole('dialog');
    await decision.locator('label.ant-radio-button-wrapper', { hasText: '验收通过' }).click();
    await decision.getByRole('button', { name: '提交' }).click();
    await verifier.getByText('已提交：验收通过').waitFor();
    for (let tries = 0; (await verifier.locator('[data-state="VERIFIED_CLOSED"]').count()) === 0; tries += 1) {
      if (tries > 30) throw new Error('H1 was never signed off');
      await Promise.all([
        verifier.waitForResponse((r) => new URL(r.url()).pathname === '/tasks'),
        verifier.getByRole('button', { name: '刷新' }).click(),
      ]);
    }
    await verifier.getByText('已销号 1 / 1').waitFor();
    await screenshot(verifier, '12-rectification-signed-off');
    await verifier.context().close();
  });
});
