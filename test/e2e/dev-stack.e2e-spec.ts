import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../infra/stack/ports';
import { eventually } from '../support/case-driver';

/**
 * The README's start command (infra/dev.ts, what `npm run dev` runs after provisioning) as a person uses
 * it: start, use, Ctrl-C, start again. Ports and the data folder are the test's own.
 */
const ROOT = resolve(__dirname, '../..');

/** County commission people of the sample org the stack seeds (infra/seed/sample-org.json). */
const COUNTY_CASE_MANAGEMENT_OFFICER = 'p-0032';
const SAMPLE_ORG_CASE = {
  caseNo: '2026-990001',
  kind: 'violation',
  unitId: 'u-county-health',
  jurisdictionId: 'u-county-committee',
  subjectIds: ['p-0041'],
  domains: ['procurement'],
  misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
  policyVersion: 'dom-2026.1',
  participants: {
    caseManagementOfficerId: COUNTY_CASE_MANAGEMENT_OFFICER,
    caseOfficerId: 'p-0028',
    leaderInChargeId: 'p-0026',
    principalLeaderId: 'p-0025',
    deputyLeaderIds: ['p-0027'],
    higherCommissionLeaderId: 'p-0003',
    higherCommissionCaseManagementId: 'p-0007',
    trialReviewerIds: ['p-0030', 'p-0033'],
    standingCommitteeIds: ['p-0025', 'p-0026', 'p-0027'],
    appealHandlerId: 'p-0034',
  },
};

async function devToken(base: string, personId = COUNTY_CASE_MANAGEMENT_OFFICER): Promise<string> {
  const res = await fetch(`${base}/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId }),
  });
  if (!res.ok) throw new Error(`dev token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

interface DevRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDev(env: NodeJS.ProcessEnv): DevRun {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/dev.ts')], {
    cwd: ROOT,
    // Its own process group, so the test can send SIGINT to the whole group as a terminal's Ctrl-C does.
    detached: true,
    env: { ...stripStackEnv(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

function stripStackEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'AUTH_DEV_SECRET',
    'TEMPORAL_TASK_QUEUE',
    'PAYLOAD_KEYS',
    'PAYLOAD_ACTIVE_KEY',
  ])
    delete copy[key];
  return copy;
}

/** Every process in the group (the dev launcher and all it started), read from /proc. */
function processGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function ctrlC(run: DevRun): Promise<number | null> {
  process.kill(-(run.child.pid as number), 'SIGINT');
  return run.exited;
}

/** A first start initialises PostgreSQL and bundles the workflows; on a loaded 2-core machine that takes a while. */
async function waitUntilRunning(run: DevRun, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes('Shuangcha is running.')) {
    if (run.child.exitCode !== null) throw new Error(`dev stack exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`dev stack not running after ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm run dev', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shuangcha-dev-'));
  let env: NodeJS.ProcessEnv;
  let base: string;
  let uiUrl: string;

  beforeAll(async () => {
    const [gateway, pg, temporal, ui] = [await freePort(), await freePort(), await freePort(), await freePort()];
    env = {
      SHUANGCHA_DATA_DIR: dataDir,
      GATEWAY_PORT: String(gateway),
      SHUANGCHA_PG_PORT: String(pg),
      SHUANGCHA_TEMPORAL_PORT: String(temporal),
      SHUANGCHA_TEMPORAL_UI_PORT: String(ui),
      LOG_LEVEL: 'warn',
    };
    base = `http://127.0.0.1:${gateway}`;
    uiUrl = `http://127.0.0.1:${ui}`;
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts to ready with the Web UI answering, stops every process on Ctrl-C, and keeps the data for the next start', async () => {
    const first = startDev(env);
    let caseId: string;
    try {
      await waitUntilRunning(first);
      expect(first.output()).toContain(`${base}/docs`);
      expect(first.output()).toContain('/dev/tokens');
      // The sample org's admin is named with the URLs, and an admin token for that person may export the org.
      expect(first.output()).toMatch(/Admin \(calendar years, org model\): p-0006 谢婷/);
      const adminToken = await devToken(base, 'p-0006');
      expect((await fetch(`${base}/org`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      expect((await fetch(uiUrl)).status).toBe(200);

      const token = await devToken(base);
      const created = await fetch(`${base}/cases`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': `dev-stack-${Date.now()}`,
        },
        body: JSON.stringify(SAMPLE_ORG_CASE),
      });
      expect(created.status).toBe(201);
      caseId = ((await created.json()) as { caseId: string }).caseId;
      await eventually(async () => {
        const listed = await fetch(`${base}/cases`, { headers: { authorization: `Bearer ${token}` } });
        return JSON.stringify(await listed.json()).includes(caseId) ? true : undefined;
      }, 'the case in the read model');

      const group = processGroup(first.child.pid as number);
      expect(group.length).toBeGreaterThanOrEqual(4);
      // 130 is what a shell reports after Ctrl-C; either way nothing may be left running.
      expect([0, 130]).toContain(await ctrlC(first));
      await eventually(
        async () => (processGroup(first.child.pid as number).length === 0 ? true : undefined),
        'every started process to exit',
      );
      expect(
        group.filter((pid) => existsSync(`/proc/${pid}`) && processGroup(first.child.pid as number).includes(pid)),
      ).toEqual([]);
    } finally {
      if (first.child.exitCode === null) await ctrlC(first);
    }

    const warmStarted = Date.now();
    const second = startDev(env);
    try {
      await waitUntilRunning(second);
      // Recorded, not asserted: shared machines are noisy. The README quotes the measured figure.
      process.stdout.write(`[dev stack] warm start to "running": ${Date.now() - warmStarted} ms\n`);
      const token = await devToken(base);
      const found = await fetch(`${base}/cases/${encodeURIComponent(caseId!)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(found.status).toBe(200);
      expect(((await found.json()) as { case: { caseId: string } }).case.caseId).toBe(caseId!);
      const listed = await fetch(`${base}/cases`, { headers: { authorization: `Bearer ${token}` } });
      expect(JSON.stringify(await listed.json())).toContain(caseId!);
    } finally {
      expect([0, 130]).toContain(await ctrlC(second));
    }
  });
});
