import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../infra/stack/ports';
import { eventually } from '../e2e/support/eventually';
import { freshClone, userEnvironment, type FreshClone, type RunningCommand } from './support/fresh-clone';

/**
 * Issue 15, "Done when": `git clone` into `$(mktemp -d)` as root, then the README's two commands, both work.
 * The folder only its owner may enter is what stopped PostgreSQL (run as the `postgres` account) before.
 */
const PROVISIONING_WORK =
  /building Temporal CLI|fetching Temporal time-skipping|installing (npm|the console|schemathesis)/;
/** A small part of the README's test command that needs both PostgreSQL and Temporal. */
const SUBSET = { SHUANGCHA_TIERS: 'int', SHUANGCHA_TEST_PATHS: '(smoke|infra/stack/postgres)\\.int-spec\\.ts$' };

/** The body of step 3 of "A first case in five minutes", as the README shows it. */
function readmeCaseBody(readme: string): unknown {
  const body = /Idempotency-Key: first-case-0001' \\\n\s+-d '([^']+)'/.exec(readme)?.[1];
  if (!body) throw new Error('the README no longer shows the first case body');
  return JSON.parse(body);
}

describe('a fresh clone in a folder only its owner may enter', () => {
  let clone: FreshClone;
  const running: RunningCommand[] = [];

  beforeAll(() => {
    clone = freshClone();
  });

  afterAll(async () => {
    for (const command of running) {
      command.kill();
      await command.exited;
    }
    clone?.remove();
  });

  it('is a private folder', () => {
    expect(statSync(clone.home).mode & 0o777).toBe(0o700);
  });

  it('runs `npm run dev` on the warm cache: ready, a case opens as the README shows, the console answers, Ctrl-C stops it', async () => {
    const port = await freePort();
    const dev = clone.npm(
      ['run', 'dev'],
      userEnvironment({
        GATEWAY_PORT: String(port),
        SHUANGCHA_PG_PORT: String(await freePort()),
        SHUANGCHA_TEMPORAL_PORT: String(await freePort()),
        SHUANGCHA_TEMPORAL_UI_PORT: String(await freePort()),
      }),
    );
    running.push(dev);
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (dev.child.exitCode !== null) throw new Error(`npm run dev exited ${dev.child.exitCode}`);
        return (await fetch(`${base}/ready`)).status === 200 ? true : undefined;
      },
      '/ready of the clone',
      600_000,
      () => dev.output().slice(-2000),
    );
    expect(dev.output()).toContain('[provision] ready');
    expect(dev.output()).not.toMatch(PROVISIONING_WORK);

    const { token } = (await (
      await fetch(`${base}/dev/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personId: 'p-0032' }),
      })
    ).json()) as { token: string };
    const opened = await fetch(`${base}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'first-case-0001',
      },
      body: JSON.stringify(readmeCaseBody(readFileSync(join(clone.dir, 'README.md'), 'utf8'))),
    });
    const created = (await opened.json()) as { caseNo?: string };
    expect({ status: opened.status, caseNo: created.caseNo }).toEqual({
      status: 201,
      caseNo: expect.stringMatching(/^\d{4}-000001$/),
    });
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    dev.interrupt();
    await eventually(async () => (dev.groupGone() ? true : undefined), 'every process of npm run dev to stop', 60_000);
    expect(dev.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${base}/ready`)).rejects.toThrow();
  });

  it('runs the README test command, narrowed to a few int specs, to "N passed, 0 failed"', async () => {
    const test = clone.npm(['test'], userEnvironment(SUBSET));
    running.push(test);
    const { code } = await test.exited;
    const lines = test.output().trim().split('\n');
    // On failure the comparison shows the run's last lines, where its reason is.
    expect({ code, summary: lines.at(-1) }).toEqual({
      code: 0,
      summary: expect.stringMatching(/^[1-9]\d* passed, 0 failed$/),
      ...(code !== 0 && { tail: lines.slice(-15) }),
    });
    expect(test.output()).not.toMatch(PROVISIONING_WORK);
  });
});
