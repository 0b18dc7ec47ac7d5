import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AppStack } from '../../../test/support/app-stack';
import { eventually } from '../../../test/e2e/support/eventually';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';
import { startConsoleStack } from './support/console-stack';
import { apiAs, COUNTY, countyCaseBody, signedInAs } from './support/console-driver';

/**
 * Issue 13 in the browser: the 卷宗 tab of a filed case. The investigator uploads a record of a talk, sees it
 * in the evidence index by name, type, stage and who added it, issues the filing decision (立案决定书) from
 * the recorded decisions, and downloads the file byte for byte.
 */
const BASIS = [{ regulation: '中国共产党纪律处分条例', revision: '2023', article: '28' }];
/** What each stage's deciding task answers on the way to an approved filing; approvals approve. */
const OUTCOME: Record<string, string> = {
  intake: 'REGISTERED',
  clueDisposal: 'PRELIM_VERIFY',
  preliminaryVerification: 'FILE_CASE',
  filing: 'FILED',
};
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MINUTES = Buffer.from('%PDF-1.7\n% 谈话笔录：张某承认收受回扣\n%%EOF\n');

interface OpenTask {
  taskId: string;
  stage: string;
  kind: string;
  assigneeId: string;
  version: number;
}

describe('the case file (卷宗) in the browser', () => {
  let stack: AppStack;
  let browser: Browser;
  let caseId: string;
  let page: Page;

  /** Each open task decided over the API by its assignee until the case reaches its investigation. */
  async function fileTheCase(): Promise<void> {
    const cmo = await apiAs(stack, COUNTY.caseManagementOfficer);
    for (;;) {
      const { stage, task } = await eventually(
        async () => {
          const res = await cmo.get<{ case: { stage: string }; openTasks?: OpenTask[] }>(`/cases/${caseId}`);
          const stage = res.body.case.stage;
          const open = res.body.openTasks?.find((t) => t.stage === stage);
          return stage === 'investigation' || open ? { stage, task: open } : undefined;
        },
        'the next open task on the way to filing',
        45_000,
      );
      if (stage === 'investigation' || !task) return;
      const assignee = await apiAs(stack, task.assigneeId);
      // The decision route finds the task in the read model, which the workflow's projection fills a moment later.
      await eventually(
        async () => {
          const decided = await assignee.post<{ code?: string }>(`/tasks/${task.taskId}/decision`, {
            taskVersion: task.version,
            outcome: task.kind === 'approval' ? 'APPROVE' : OUTCOME[task.stage],
            comment: `${task.stage}：经集体研究同意`,
            basis: BASIS,
            // Verification and investigation are a team's work (DOMAIN §2): the proposal opening them names it.
            ...(task.kind === 'decision' &&
              (task.stage === 'clueDisposal' || task.stage === 'filing') && {
                teamIds: [COUNTY.investigator, COUNTY.secondInvestigator],
              }),
          });
          if (decided.status === 200) return true;
          if (decided.body.code === 'TASK_NOT_FOUND') return undefined;
          throw new Error(`${task.stage} ${task.kind}: ${decided.status} ${JSON.stringify(decided.body)}`);
        },
        `${task.stage} ${task.kind} decided by ${task.assigneeId}`,
        30_000,
      );
      await eventually(
        async () => {
          const res = await cmo.get<{ openTasks?: OpenTask[] }>(`/cases/${caseId}`);
          return res.body.openTasks?.some((t) => t.taskId === task.taskId) ? undefined : true;
        },
        `${task.stage} ${task.kind} decided`,
        30_000,
      );
    }
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
    const opened = await (
      await apiAs(stack, COUNTY.caseManagementOfficer)
    ).post<{ caseId: string }>('/cases', countyCaseBody());
    if (opened.status !== 201) throw new Error(`POST /cases: ${opened.status} ${JSON.stringify(opened.body)}`);
    caseId = opened.body.caseId;
    await fileTheCase();
    page = await signedInAs(browser, stack, COUNTY.investigator);
    await page.goto(`${stack.baseUrl}/console/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: /案件详情/ }).waitFor();
    await page.getByRole('tab', { name: '卷宗' }).click();
    await page.getByText('证据目录').waitFor();
  }, 300_000);

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await stack?.stop();
  });

  const rowOf = (text: string) => page.locator('.case-file .ant-table-row').filter({ hasText: text });

  it('uploads a file into the evidence index, with its type, stage and who added it by name', async () => {
    await page.getByRole('combobox', { name: '材料类型' }).click();
    await page.locator('.ant-select-item-option:visible', { hasText: '会议记录' }).click();
    const file = join(tmpdir(), '谈话笔录.pdf');
    await writeFile(file, MINUTES);
    await page.locator('.case-file input[type="file"]').setInputFiles(file);
    await page.getByText('已上传：谈话笔录.pdf').waitFor();
    const row = rowOf('谈话笔录.pdf');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('会议记录');
    expect(text).toContain('审查调查');
    expect(text).toContain(sha(MINUTES).slice(0, 12));
    // The person who added it by name and post, never by id.
    expect(text).not.toMatch(/\bp-\d{4}\b/);
  });

  it('issues the filing decision from the recorded decisions as a new file of the case', async () => {
    await page.getByRole('combobox', { name: '文书' }).click();
    await page.locator('.ant-select-item-option:visible', { hasText: '立案决定书' }).click();
    await page.getByRole('button', { name: '出具文书' }).click();
    await page.getByText('已出具立案决定书（第 1 版）').waitFor();
    await rowOf('立案决定书 第 1 版').waitFor();
    await screenshot(page, '26-case-file');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('downloads a file of the index byte for byte', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 谈话笔录.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('谈话笔录.pdf');
    expect(sha(await readFile(await download.path()))).toBe(sha(MINUTES));
  });

  it('lists the investigative measures of the case by name on its overview (issue 12 §8)', async () => {
    const investigator = await apiAs(stack, COUNTY.secondInvestigator);
    const logged = await investigator.post<{ status: string }>(`/cases/${caseId}/measures`, {
      kind: 'TALK',
      purpose: '与采购经办人谈话',
    });
    expect([logged.status, logged.body.status]).toEqual([200, 'RECORDED']);
    await page.reload();
    await page.getByRole('heading', { name: /案件详情/ }).waitFor();
    const card = page.locator('.ant-card').filter({ hasText: '审查调查措施' });
    await card.getByText('与采购经办人谈话').waitFor();
    const text = await card.innerText();
    expect(text).toContain('谈话');
    expect(text).toContain('已采取');
    expect(text).toContain('无期限');
    expect(text).not.toMatch(/\bp-\d{4}\b/);
  });
});
