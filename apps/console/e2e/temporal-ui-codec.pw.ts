import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../../infra/stack/ports';
import { startTemporalDevServer, type RunningTemporal } from '../../../infra/stack/temporal';
import type { AppStack } from '../../../test/support/app-stack';
import { eventually } from '../../../test/support/case-driver';
import { launchChromium, openPage, screenshot } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, COUNTY, countyCaseBody } from './support/console-driver';

interface InboxTask {
  taskId: string;
  caseId: string;
  stage: string;
  workflowId: string;
  version: number;
}

/**
 * Issue 16 §9: the Temporal Web UI of `npm run dev`, started with `--ui-codec-endpoint <gateway>/codec`,
 * shows a decision's comment in clear to a supervisor who opened a codec session on the gateway (the UI has
 * no sign-in, so its fetches carry the session cookie instead of a bearer token), and to nobody else.
 */
describe('the Temporal Web UI decoding through the gateway', () => {
  const comment = `立案意见-${randomUUID()}`;
  let temporal: RunningTemporal;
  let dataDir: string;
  let stack: AppStack;
  let browser: Browser;
  let uiUrl: string;
  let historyPath: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shuangcha-webui-'));
    const gatewayPort = await freePort();
    // The Web UI must know the codec endpoint when it starts, so the gateway's port is chosen first.
    temporal = await startTemporalDevServer({
      dataDir,
      port: await freePort(),
      uiPort: await freePort(),
      uiCodecEndpoint: `http://127.0.0.1:${gatewayPort}/codec`,
    });
    uiUrl = temporal.uiUrl;
    [stack, browser] = await Promise.all([
      startConsoleStack({ TEMPORAL_ADDRESS: temporal.address, TEMPORAL_UI_URL: uiUrl }, gatewayPort),
      launchChromium(),
    ]);

    const cmo = await apiAs(stack, COUNTY.caseManagementOfficer);
    const opened = await cmo.post<{ caseId: string }>('/cases', countyCaseBody());
    if (opened.status !== 201) throw new Error(`POST /cases: ${opened.status} ${JSON.stringify(opened.body)}`);
    const intake = await eventually(async () => {
      const inbox = await cmo.get<{ items: InboxTask[] }>('/tasks');
      return inbox.body.items.find((t) => t.caseId === opened.body.caseId && t.stage === 'intake');
    }, 'the intake task in the inbox');
    const decided = await cmo.post(`/tasks/${intake.taskId}/decision`, {
      taskVersion: intake.version,
      outcome: 'REGISTERED',
      comment,
      basis: [{ regulation: 'WR', article: '1' }],
    });
    if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);

    const connection = await Connection.connect({ address: temporal.address });
    try {
      const { runId } = await new Client({ connection }).workflow.getHandle(intake.workflowId).describe();
      historyPath = `/namespaces/default/workflows/${encodeURIComponent(intake.workflowId)}/${runId}/history`;
    } finally {
      await connection.close();
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await temporal?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * A tab that opened a codec session as the person (the way a supervisor signs in on the gateway: their
   * bearer token once, the HttpOnly cookie after), with the Web UI's Data Encoder set to include credentials.
   */
  async function webUiAs(personId: string): Promise<{ page: Page; session: number }> {
    const page = await openPage(browser);
    const token = await stack.token(personId);
    // The context's request client shares the browser's cookie jar, as a sign-in page's fetch would.
    const session = await page.context().request.post(`${stack.baseUrl}/codec/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await enableCredentials(page);
    return { page, session: session.status() };
  }

  /**
   * What a supervisor does once in the Web UI's Codec Server settings: the UI takes "include cross-origin
   * credentials" over the server's settings only with "use my browser setting" and a browser endpoint, and
   * keeps all three in localStorage. The switch is focused and toggled from the keyboard: the sticky top bar
   * lies over it once the panel has scrolled.
   */
  async function enableCredentials(page: Page): Promise<void> {
    await page.goto(`${uiUrl}/namespaces/default/workflows`);
    await page.getByTestId('data-encoder-status-configured').click();
    await page.getByRole('button', { name: /Use Cluster-level setting/ }).click();
    await page.getByLabel('Use my browser setting and ignore Cluster-level setting.').check();
    await page.getByPlaceholder('Paste your endpoint here').fill(`${stack.baseUrl}/codec`);
    await page.getByRole('switch', { name: 'Include cross-origin credentials' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Apply' }).click();
    const stored = await page.evaluate(() => {
      const { localStorage } = globalThis as unknown as { localStorage: { getItem(k: string): string | null } };
      return ['overrideRemoteCodecConfiguration', 'includeCredentials'].map((k) => localStorage.getItem(k));
    });
    expect(stored).toEqual(['true', 'true']);
  }

  /** Expands the history's submitDecision update, whose accepted request carries the comment. */
  async function openDecisionEvent(page: Page): Promise<void> {
    await page.getByText('Workflow Execution Update Accepted').first().click();
    await page.getByText('Accepted Request', { exact: true }).waitFor();
  }

  it("shows a supervisor (the case-management director, by post) the decision's comment in clear", async () => {
    const { page, session } = await webUiAs(COUNTY.caseManagementDirector);
    expect(session).toBe(204);
    const decoded = page.waitForResponse((r) => r.url().endsWith('/codec/decode'));
    await page.goto(`${uiUrl}${historyPath}`);
    expect((await decoded).status()).toBe(200);
    await openDecisionEvent(page);
    const shown = page.getByText(comment).first();
    await shown.waitFor();
    await shown.scrollIntoViewIfNeeded();
    await screenshot(page, '17-temporal-ui-decoded');
    await page.context().close();
  });

  it('shows a caseworker only ciphertext: no codec session, and a decode without one is refused', async () => {
    const { page, session } = await webUiAs(COUNTY.investigator);
    expect(session).toBe(403);
    const decoded = page.waitForResponse((r) => r.url().endsWith('/codec/decode'));
    await page.goto(`${uiUrl}${historyPath}`);
    expect((await decoded).status()).toBe(401);
    await openDecisionEvent(page);
    expect(await page.getByText(comment).count()).toBe(0);
    expect(await page.content()).not.toContain(comment);
    await page.context().close();
  });
});
