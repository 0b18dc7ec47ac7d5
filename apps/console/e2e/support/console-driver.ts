import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { AppStack } from '../../../../test/support/app-stack';
import { openPage } from './browser';

/** infra/seed/sample-org.json: the county commission (清水县纪委监委) and the city above it. */
export const COUNTY = {
  caseManagementOfficer: 'p-0032',
  caseManagementDirector: 'p-0031',
  investigator: 'p-0028',
  /** 马骏 and 刘洋 by name, as the console lists them. */
  investigatorNames: ['马骏', '刘洋'],
  /** The commission's second investigator: with the first, the team of verification and investigation. */
  secondInvestigator: 'p-0029',
  leaderInCharge: 'p-0026',
  deputy: 'p-0027',
  principalLeader: 'p-0025',
  trialReviewers: ['p-0030', 'p-0033'],
  trialOfficeDirector: 'p-0033',
  appealHandler: 'p-0034',
  cityLeader: 'p-0003',
  cityCaseManagement: 'p-0007',
  jurisdiction: 'u-county-committee',
  unit: 'u-county-health',
  subject: 'p-0037',
} as const;

/** Participants as POST /cases takes them today; the server-proposed set replaces this once it lands. */
export function countyCaseBody(policyVersion = 'dom-2026.1') {
  return {
    caseNo: `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
    kind: 'violation',
    unitId: COUNTY.unit,
    jurisdictionId: COUNTY.jurisdiction,
    subjectIds: [COUNTY.subject],
    domains: ['procurement'],
    misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
    policyVersion,
    participants: {
      caseManagementOfficerId: COUNTY.caseManagementOfficer,
      caseOfficerId: COUNTY.investigator,
      leaderInChargeId: COUNTY.leaderInCharge,
      principalLeaderId: COUNTY.principalLeader,
      deputyLeaderIds: [COUNTY.deputy],
      higherCommissionLeaderId: COUNTY.cityLeader,
      higherCommissionCaseManagementId: COUNTY.cityCaseManagement,
      trialReviewerIds: [...COUNTY.trialReviewers],
      trialOfficeDirectorId: COUNTY.trialOfficeDirector,
      standingCommitteeIds: [COUNTY.principalLeader, COUNTY.leaderInCharge, COUNTY.deputy],
      appealHandlerId: COUNTY.appealHandler,
      superiorOf: { [COUNTY.investigator]: COUNTY.caseManagementDirector },
    },
    indicators: {
      expectedSanctionAtLeastProbation: true,
      crimeSuspected: false,
      subjectIsTeamMember: false,
      personsInvestigatedInUnit: 1,
      misconductMonths: 30,
      ignoredComplaints: 2,
      inspectionFindingsUnrectified: false,
    },
  };
}

/** The API as one person, for the steps a test does not take in the browser. */
export async function apiAs(stack: AppStack, personId: string) {
  const token = await stack.token(personId);
  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json', 'idempotency-key': `pw-${randomUUID()}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
  };
}

/** A new tab signed in as the person through the sign-in page, showing 我的待办. */
export async function signedInAs(browser: Browser, stack: AppStack, personId: string): Promise<Page> {
  const page = await openPage(browser);
  await page.goto(`${stack.baseUrl}/console/sign-in`);
  await page.getByRole('searchbox').fill(personId);
  await page.locator(`[data-person-id="${personId}"]`).click();
  await page.getByRole('heading', { name: '我的待办' }).waitFor();
  return page;
}

/** The inbox row of a case's task at a stage, polling with the page's refresh button (the inbox is a projection). */
export async function taskRow(page: Page, caseId: string, stageLabel: string, timeoutMs = 45_000) {
  const button = page.getByRole('button', { name: `办理 ${caseId} ${stageLabel}` });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.locator('.inbox-count').waitFor();
    if ((await button.count()) > 0) return button;
    if (Date.now() > deadline) throw new Error(`no ${stageLabel} task of ${caseId} in the inbox`);
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/tasks'),
      page.getByRole('button', { name: '刷新' }).click(),
    ]);
  }
}

/**
 * Opens the task's dialog, picks the outcome (and, for one opening preliminary verification or investigation,
 * the team members by name) and submits; resolves once the console confirms it.
 */
export async function decideInBrowser(
  page: Page,
  caseId: string,
  stageLabel: string,
  outcomeLabel: string,
  teamNames: readonly string[] = [],
) {
  await (await taskRow(page, caseId, stageLabel)).click();
  const dialog = page.getByRole('dialog');
  const outcome = dialog.locator('label.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${outcomeLabel}$`) });
  // On a loaded machine a click that lands while the dialog still animates in is lost: click until it holds.
  for (let attempt = 1; ; attempt++) {
    await outcome.click();
    const held = await outcome
      .and(page.locator('.ant-radio-button-wrapper-checked'))
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (held) break;
    if (attempt === 5) throw new Error(`the outcome ${outcomeLabel} does not stay chosen`);
  }
  // The staff list is long and virtual: search each member by name, then take the match.
  for (const name of teamNames) {
    await dialog.getByRole('combobox', { name: '工作组成员' }).fill(name);
    await page.locator('.ant-select-item-option', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  await dialog.getByRole('button', { name: '提交' }).click();
  await page.getByText(`已提交：${outcomeLabel}`).waitFor();
}

/**
 * The page as production serves it: config.json without the local stack's directory (devPeople, devNames,
 * devUnits), so every name on it must come from the API.
 */
export async function withoutDevDirectory(page: Page): Promise<void> {
  await page.route('**/console/config.json', async (route) => {
    const response = await route.fetch();
    const config = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...config, devPeople: [], devNames: {}, devUnits: [] } });
  });
  await page.reload();
  await page.getByRole('heading', { level: 2 }).first().waitFor();
}
