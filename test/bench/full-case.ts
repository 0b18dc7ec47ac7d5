import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AccountabilityView, CaseDetail, Problem } from '../../libs/contracts/src/http';
import { createDataSource, loadSampleOrgIfEmpty } from '../../libs/persistence/src';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { aCase } from '../builders/case.builder';
import type { AppStack } from '../support/app-stack';
import { eventually } from '../e2e/support/eventually';
import { personClient, type PersonClient } from '../e2e/support/http-client';
import { awaitOneUpdate, decide } from './baseline/workflows';
import { COUNTY, countyCaseBody } from '../../apps/console/e2e/support/console-driver';
import type { Progress } from './progress';
import type { BenchResults } from './results';

/**
 * One complete two-investigation case, driven over HTTP the way test/e2e/accountability.e2e-spec.ts drives
 * scenario A of DOMAIN §9 on the sample org with the compressed policy (one case day = 2 s), except that
 * every candidate the trace-back proposes is kept: six responsibility reviews run beside the violation
 * investigation, and the case closes once the appeal windows pass. Then the history of every workflow the
 * case ran is fetched and measured.
 */
const BASIS = [{ regulation: 'AR', revision: '2019', article: '8' }];
/** The county commission of infra/seed/sample-org.json, as the browser tier opens its cases. */
const PARTICIPANTS = countyCaseBody().participants;
const STANDING_COMMITTEE = PARTICIPANTS.standingCommitteeIds;
/** What each stage's task is decided with (the first one the task allows). */
const OUTCOMES = [
  'REGISTERED',
  'PRELIM_VERIFY',
  'FILE_CASE',
  'FILED',
  'TO_TRIAL',
  'AGREE',
  'WARNING',
  'CLOSED',
  'CONFIRM',
  'FACTS_ESTABLISHED',
  'HEARD',
  'MAIN_LEADERSHIP',
  'PROPOSED',
  'APPROVE',
  'DECIDE',
  'ADOPTED',
  'SERVED',
];
/** Two appeal windows of a case month each (about a minute of real time) plus slack for a loaded machine. */
const CLOSE_TIMEOUT_MS = 8 * 60_000;

type OpenTask = AccountabilityView['openTasks'][number];

export async function loadSampleOrg(databaseUrl: string): Promise<void> {
  const ds = await createDataSource(databaseUrl).initialize();
  try {
    await loadSampleOrgIfEmpty(ds);
  } finally {
    await ds.destroy();
  }
}

export async function measureFullCase(
  stack: AppStack,
  client: Client,
  baselineTaskQueue: string,
  progress: Progress,
): Promise<NonNullable<BenchResults['fullCase']>> {
  const started = Date.now();
  const clients = new Map<string, PersonClient>();
  const as = async (personId: string) => {
    if (!clients.has(personId)) clients.set(personId, await personClient(stack, personId, []));
    return clients.get(personId)!;
  };
  const cmo = await as(COUNTY.caseManagementOfficer);

  /** The read model lags the workflows: a task the live view shows may not be found yet (TASK_NOT_FOUND). */
  const post = async (personId: string, path: string, body: unknown, key: string) => {
    const person = await as(personId);
    const res = await eventually(async () => {
      const r = await person.post<Problem>(path, body, key);
      return r.status === 404 && r.body.code === 'TASK_NOT_FOUND' ? undefined : r;
    }, `${path} in the read model`);
    if (res.status !== 200) throw new Error(`POST ${path} as ${personId}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const act = async (task: OpenTask, voter?: string) => {
    const outcome = OUTCOMES.find((o) => task.allowedOutcomes.includes(o));
    if (!outcome) throw new Error(`no outcome for ${task.stage} ${task.kind}: ${task.allowedOutcomes.join(', ')}`);
    const actor = voter ?? task.assigneeId!;
    const key = `bench-${task.taskId}-${task.version}-${actor}`;
    if (outcome === 'PROPOSED') {
      const measures = { forms: ['CIRCULATE'], modifiers: [] };
      await post(
        actor,
        `/tasks/${task.taskId}/accountability-decision`,
        { taskVersion: task.version, outcome, measures, basis: BASIS },
        key,
      );
    } else {
      // Verification and investigation are a team's work (DOMAIN §2): the proposal opening them names it.
      const team =
        task.kind === 'decision' && (outcome === 'PRELIM_VERIFY' || outcome === 'FILED')
          ? { teamIds: [COUNTY.investigator, COUNTY.secondInvestigator] }
          : {};
      const body = { taskVersion: task.version, outcome, comment: `${outcome}（基准测试）`, basis: BASIS, ...team };
      await post(actor, `/tasks/${task.taskId}/decision`, body, key);
    }
  };

  /**
   * Decides the open tasks `find` returns, one at a time, until `done`; each task version is decided once,
   * and a collective task is voted on by the standing committee in turn until it closes.
   */
  const drive = async (what: string, find: () => Promise<OpenTask[] | 'done'>) => {
    const handled = new Set<string>();
    const votes = new Map<string, number>();
    for (;;) {
      const next = await eventually(
        async () => {
          const tasks = await find();
          return tasks === 'done' ? tasks : tasks.find((t) => !handled.has(`${t.taskId}:${t.version}`));
        },
        `the next task of ${what}`,
        120_000,
      );
      if (next === 'done') return;
      handled.add(`${next.taskId}:${next.version}`);
      if (next.kind === 'collectiveDecision') {
        const n = votes.get(next.taskId) ?? 0;
        votes.set(next.taskId, n + 1);
        await act(next, STANDING_COMMITTEE[n]);
      } else await act(next);
      progress.tick();
    }
  };
  const accountability = async (caseId: string) => {
    const res = await cmo.get<AccountabilityView | Problem>(`/cases/${caseId}/accountability`);
    if (res.status !== 200) throw new Error(`GET accountability: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AccountabilityView;
  };

  progress.step('full case: opening scenario A and triggering the trace-back');
  const { openedBy: _o, requestKey: _r, ...body } = aCase().withPolicy(COMPRESSED_POLICY.version).inScenarioA().build();
  const { caseId } = await cmo.openCase({ ...body, jurisdictionId: COUNTY.jurisdiction, participants: PARTICIPANTS });
  const leader = await as(COUNTY.leaderInCharge);
  await eventually(
    async () => ((await leader.caseDetail(caseId)).dualInvestigation?.suggested ? true : undefined),
    'the dual-investigation suggestion',
  );
  // The principal leader's own TRIGGER opens the trace-back without a separate approval (AR art. 9).
  await post(
    PARTICIPANTS.principalLeaderId,
    `/cases/${caseId}/dual-investigation`,
    { decision: 'TRIGGER', reason: 'kickbacks over 30 months, two complaints ignored' },
    `bench-${caseId}-dual`,
  );
  const proposed = await eventually(
    async () => {
      const v = await accountability(caseId);
      return v.live?.stage === 'candidateConfirmation' ? v : undefined;
    },
    'candidates computed',
    60_000,
  );
  const candidates = proposed.live!.candidates.length;
  // Decisions: 6 trace-back/confirmation, ~10 per review, ~17 in the violation investigation.
  progress.step(`full case: deciding every task (${candidates} reviews)`, candidates * 10 + 18);
  const violationDone = (d: CaseDetail) =>
    d.children.some((c) => c.role === 'violation' && ['appealWindow', 'concluded'].includes(c.stage ?? ''));
  const reviewIds = new Set<string>();
  await Promise.all([
    drive('the violation investigation', async () => {
      const d = await cmo.caseDetail(caseId);
      if (violationDone(d)) return 'done';
      return (d.openTasks ?? []).filter((t) => t.workflowId.endsWith('/violation')) as OpenTask[];
    }),
    drive('the trace-back and its reviews', async () => {
      const v = await accountability(caseId);
      for (const r of v.live?.reviews ?? []) reviewIds.add(r.workflowId);
      const reviewsOpen = (v.live?.reviews ?? []).some((r) => !r.final && r.stage !== 'appealWindow');
      if (v.traceBack === 'CONCLUDED' || (v.live?.reviews.length && !reviewsOpen)) return 'done';
      return v.openTasks;
    }),
  ]);
  progress.step('full case: waiting for the appeal windows to pass and the case to close');
  await eventually(
    async () => ((await cmo.caseDetail(caseId)).case.status === 'CLOSED' ? true : undefined),
    `${caseId} CLOSED`,
    CLOSE_TIMEOUT_MS,
  );
  const realSeconds = Math.round((Date.now() - started) / 1000);

  progress.step('full case: fetching every history');
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = "${stack.taskQueue}"` })) ids.push(wf.workflowId);
  const workflows = [];
  const eventTypes: Record<string, number> = {};
  for (const workflowId of ids.sort()) {
    const { types, ...size } = await historySize(client, workflowId);
    workflows.push({ workflowId, ...size });
    for (const [type, n] of Object.entries(types)) eventTypes[type] = (eventTypes[type] ?? 0) + n;
  }

  const probe = `bench-history-${Date.now()}`;
  const handle = await client.workflow.start(awaitOneUpdate, { taskQueue: baselineTaskQueue, workflowId: probe });
  await handle.executeUpdate(decide, { args: ['REGISTERED'] });
  await handle.result();
  return {
    scope: `scenario A (DOMAIN §9) on the sample org, compressed policy: violation investigation to CLOSED and the trace-back with ${reviewIds.size} reviews, no appeals`,
    workflows,
    totalEvents: workflows.reduce((sum, w) => sum + w.events, 0),
    totalBytes: workflows.reduce((sum, w) => sum + w.bytes, 0),
    eventTypes: Object.fromEntries(Object.entries(eventTypes).sort(([, a], [, b]) => b - a)),
    baseline: await historySize(client, probe).then(({ events, bytes }) => ({ events, bytes })),
    realSeconds,
  };
}

/**
 * Events and encoded bytes of a workflow's history, as the server counts them against its limits, and how
 * many events of each type it holds.
 */
async function historySize(
  client: Client,
  workflowId: string,
): Promise<{ events: number; bytes: number; types: Record<string, number> }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const types: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = (temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
    types[name] = (types[name] ?? 0) + 1;
  }
  return {
    events: history.events?.length ?? 0,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
    types,
  };
}
